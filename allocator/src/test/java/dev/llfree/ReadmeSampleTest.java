package dev.llfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles and runs the README's library samples verbatim, so the README cannot rot. */
class ReadmeSampleTest {
    private static final Pattern SAMPLE = Pattern.compile(
        "<!-- readme-sample: (\\w+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void shouldCompileAndRunTheReadmeSample(@TempDir Path dir) throws Exception {
        String printed = compileAndRun(dir, "LibraryUsage");
        assertTrue(printed.contains("clean open") && printed.endsWith("holds 42" + System.lineSeparator()), printed);
    }

    @Test
    void shouldCompileAndRunTheRootsSample(@TempDir Path dir) throws Exception {
        String printed = compileAndRun(dir, "RootsUsage");
        assertTrue(printed.startsWith("reclaimed 1 frame(s); item "), printed);
    }

    /** Compiles the sample called {@code name} and runs its main; returns what it printed. */
    private static String compileAndRun(Path dir, String name) throws Exception {
        Matcher sample = SAMPLE.matcher(Files.readString(readme()));
        boolean found = false;
        while (!found && sample.find()) {
            found = sample.group(1).equals(name);
        }
        assertTrue(found, "README.md has no <!-- readme-sample: " + name + " --> java block");
        Path source = dir.resolve(name + ".java");
        Files.writeString(source, sample.group(2));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, errors, errors, "-d", dir.toString(),
            "-cp", System.getProperty("java.class.path"), source.toString());
        assertEquals(0, status, "the README sample " + name + " does not compile:\n" + errors);

        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, ReadmeSampleTest.class.getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass(name).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(stdout);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Path readme() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve(".ci"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IOException("README.md not found above " + Path.of("").toAbsolutePath());
    }
}
