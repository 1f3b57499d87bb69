package dev.llfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles and runs the README's library samples verbatim, on the class path and on the module path, so the README cannot rot. */
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

    /**
     * The README sample in a module of its own ({@code module sample { requires dev.llfree; }}, its class in package
     * {@code sample}), compiled and run by a child JVM with the library and its bindings on the module path: users
     * of the module path see the exported API only, and grant native access to the bindings module alone.
     */
    @Test
    void shouldCompileAndRunTheReadmeSampleOnTheModulePath(@TempDir Path dir) throws Exception {
        String modulePath = location(LLFree.class) + File.pathSeparator + location(dev.llfree.pmem.Pmem.class);
        Path sources = Files.createDirectories(dir.resolve("src/sample"));
        Files.writeString(dir.resolve("src/module-info.java"), "module sample { requires dev.llfree; }\n");
        Files.writeString(sources.resolve("LibraryUsage.java"), "package sample;\n" + sample("LibraryUsage"));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, errors, errors, "-d", dir.resolve("out").toString(),
            "--module-path", modulePath, dir.resolve("src/module-info.java").toString(),
            sources.resolve("LibraryUsage.java").toString());
        assertEquals(0, status, "the README sample does not compile as a module:\n" + errors);

        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=dev.llfree.pmem", "--illegal-native-access=deny",
            "--module-path", dir.resolve("out") + File.pathSeparator + modulePath, "-m", "sample/sample.LibraryUsage")
            .redirectErrorStream(true).start();
        String printed = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(java.waitFor(60, TimeUnit.SECONDS), "the sample did not end");
        assertEquals(0, java.exitValue(), printed);
        assertTrue(printed.contains("clean open") && printed.endsWith("holds 42" + System.lineSeparator()), printed);
    }

    /** A module that reaches for the core is refused at compile time: the library exports its API only. */
    @Test
    void shouldHideTheCoreFromModules(@TempDir Path dir) throws Exception {
        String modulePath = location(LLFree.class) + File.pathSeparator + location(dev.llfree.pmem.Pmem.class);
        Path sources = Files.createDirectories(dir.resolve("src/sample"));
        Files.writeString(dir.resolve("src/module-info.java"), "module sample { requires dev.llfree; }\n");
        Files.writeString(sources.resolve("Reach.java"), "package sample;\nclass Reach { Object core = "
            + "dev.llfree.core.upper.LLFreeAllocator.class; }\n");
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, errors, errors, "-d", dir.resolve("out").toString(),
            "--module-path", modulePath, dir.resolve("src/module-info.java").toString(),
            sources.resolve("Reach.java").toString());
        assertEquals(1, status, "a module compiled against the core:\n" + errors);
        assertTrue(errors.toString().contains("package dev.llfree.core.upper is not visible"), errors.toString());
    }

    /** The class-path entry (a jar, or a directory of classes with its module-info) that holds {@code type}. */
    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** The java block of the README sample called {@code name}. */
    private static String sample(String name) throws IOException {
        Matcher sample = SAMPLE.matcher(Files.readString(readme()));
        while (sample.find()) {
            if (sample.group(1).equals(name)) {
                return sample.group(2);
            }
        }
        throw new AssertionError("README.md has no <!-- readme-sample: " + name + " --> java block");
    }

    /** Compiles the sample called {@code name} and runs its main; returns what it printed. */
    private static String compileAndRun(Path dir, String name) throws Exception {
        Path source = dir.resolve(name + ".java");
        Files.writeString(source, sample(name));

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
