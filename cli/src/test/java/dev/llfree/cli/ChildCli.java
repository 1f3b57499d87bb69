package dev.llfree.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code llfree} in a child JVM, to be killed with SIGKILL midway: its stdout is read line by line as it comes,
 * its stderr goes to a file.
 */
final class ChildCli implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final List<String> lines = new ArrayList<>();

    private ChildCli(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code llfree args...} on this test's class path; stderr goes to {@code err}. */
    static ChildCli start(Path err, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            LLFreeCli.class.getName()));
        command.addAll(List.of(args));
        return new ChildCli(new ProcessBuilder(command).redirectError(err.toFile()).start());
    }

    /** Reads lines until {@code count} have come or stdout ends; false if it ended first. */
    boolean awaitLines(int count) throws IOException {
        while (lines.size() < count) {
            String line = out.readLine();
            if (line == null) {
                return false;
            }
            lines.add(line);
        }
        return true;
    }

    /**
     * Sends SIGKILL, waits for the end, and reads the rest of stdout (a partial last line is dropped). Through the
     * process handle: {@link Process#destroyForcibly} would also close the stream that still holds the output.
     */
    void kill() throws IOException, InterruptedException {
        process.toHandle().destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the killed child did not end");
        }
        StringBuilder rest = new StringBuilder();
        char[] buffer = new char[8192];
        for (int n = out.read(buffer); n >= 0; n = out.read(buffer)) {
            rest.append(buffer, 0, n);
        }
        String tail = rest.toString();
        int complete = tail.lastIndexOf('\n') + 1;
        tail.substring(0, complete).lines().forEach(lines::add);
    }

    /** The child process. */
    Process process() {
        return process;
    }

    /** Every complete line read so far. */
    List<String> lines() {
        return lines;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
