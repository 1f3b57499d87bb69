package dev.llfree.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code ./llfree} launcher itself, as a user runs it: it finds a JDK on its own (no JAVA_HOME) and runs
 * the jar. Runs after {@code package} (failsafe), so the jar is fresh; were it stale, the launcher would
 * rebuild it first, which the timeout allows for.
 */
class LauncherIT {
    private static final Path ROOT = Repository.root();

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldRunTheCommandsWithAJdkItFindsItself() throws IOException, InterruptedException {
        Path pool = dir.resolve("pool");

        Run version = launch("--version");
        Run init = launch("init", pool.toString(), "--size", "64M");
        Run verify = launch("verify", pool.toString());
        Run directory = launch("inspect", dir.toString());

        assertEquals(0, version.exit(), version.err());
        assertTrue(version.out().startsWith("llfree 0.1.0-SNAPSHOT"), version.out());
        assertEquals(0, init.exit(), init.err());
        assertTrue(init.out().startsWith("created " + pool + ": 64 MiB"), init.out());
        assertEquals(0, verify.exit(), verify.err());
        assertTrue(verify.out().startsWith(pool + ": clean"), verify.out());
        assertEquals(3, directory.exit(), directory.err());
        assertTrue(directory.err().endsWith("is a directory, not a pool file\n"), directory.err());
    }

    private record Run(int exit, String out, String err) { }

    private Run launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("llfree").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        builder.environment().remove("JAVA_HOME");
        Process process = builder.start();
        if (!process.waitFor(4, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("./llfree " + String.join(" ", args) + " did not finish");
        }
        return new Run(process.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                lastLine(Files.readString(dir.resolve("err"), StandardCharsets.UTF_8)));
    }

    /** The command's own stderr line: a rebuild of a stale jar writes its progress before it. */
    private static String lastLine(String err) {
        int end = err.stripTrailing().lastIndexOf('\n');
        return end < 0 ? err : err.substring(end + 1);
    }
}
