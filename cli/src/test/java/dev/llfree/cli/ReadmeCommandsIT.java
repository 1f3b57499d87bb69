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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every line of every shell block of the README, checked at the depth CI can afford: the pool commands
 * ({@code init}, {@code alloc}, {@code free}, {@code inspect}, {@code verify}) run as written, in order, through
 * {@code ./llfree} on a fresh pool; every other {@code llfree} line (benchmarks, tracing recovery of a pool the
 * library built) is parsed by the real command line, so a wrong option fails; every script exists and every test
 * class a line names exists. A line that fits none of these fails the test, so a new kind of line gets a check.
 */
class ReadmeCommandsIT {
    private static final Path ROOT = Repository.root();
    /** The commands that run for real: they need nothing but a pool at /dev/shm/pool. */
    private static final Set<String> RUN = Set.of("init", "alloc", "free", "inspect", "verify");
    private static final Pattern BLOCK = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ENV = Pattern.compile("^([A-Z_][A-Z0-9_]*=\\S+\\s+)+");
    private static final Pattern ASSIGNED = Pattern.compile("^\\w+=\\$\\((.*)\\)$");
    private static final Pattern TEST_CLASSES = Pattern.compile("-Dtest='?([\\w,]+)'?");

    @TempDir(factory = ShmDir.class)
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldRunThePoolCommandsAsWrittenAndParseTheOthers() throws Exception {
        List<String> script = new ArrayList<>(List.of("set -euo pipefail"));
        for (List<String> block : blocks()) {
            for (String line : block) {
                check(line, script);
            }
        }
        Path file = dir.resolve("readme.sh");
        Files.write(file, script);
        Process bash = new ProcessBuilder("bash", file.toString()).directory(dir.toFile())
            .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        if (!bash.waitFor(4, TimeUnit.MINUTES)) {
            bash.destroyForcibly();
            fail("the README's pool commands did not finish");
        }
        assertEquals(0, bash.exitValue(), String.join("\n", script) + "\n" + Files.readString(dir.resolve("err")));
        assertTrue(Files.size(dir.resolve("occupancy.png")) > 0, "inspect --map wrote its picture");
    }

    /** Checks one README line: adds it to {@code script} if it runs for real, else checks it here. */
    private void check(String line, List<String> script) throws IOException {
        String command = ENV.matcher(line).replaceFirst("");
        Matcher assigned = ASSIGNED.matcher(command);
        String llfree = assigned.matches() ? assigned.group(1) : command;
        if (llfree.startsWith("./llfree ")) {
            List<String> words = words(llfree.substring("./llfree ".length()).split("\\s*(\\|\\||\\|)\\s*")[0]);
            if (RUN.contains(words.getFirst())) {
                script.add(line.replace("/dev/shm/pool", dir.resolve("pool").toString())
                    .replace("./llfree ", ROOT.resolve("llfree") + " "));
            } else {
                parses(words, line);
            }
        } else if (command.startsWith("scripts/")) {
            String name = words(command).getFirst();
            assertTrue(Files.isExecutable(ROOT.resolve(name)), line + ": no script " + name);
            Matcher tests = TEST_CLASSES.matcher(command);
            while (tests.find()) {
                for (String test : tests.group(1).split(",")) {
                    assertTrue(testExists(test), line + ": no test class " + test);
                }
            }
        } else if (!command.startsWith("java ")) { // java lines show flags; ReadmeSampleTest runs them
            fail("README line of a kind this test does not check: " + line);
        }
    }

    /** The real command line parses {@code words}: options and values are right (nothing runs). */
    private static void parses(List<String> words, String line) {
        try {
            LLFreeCli.newCommandLine().parseArgs(words.toArray(String[]::new));
        } catch (RuntimeException e) {
            fail(line + ": " + e.getMessage());
        }
    }

    private static boolean testExists(String name) throws IOException {
        try (Stream<Path> files = Files.walk(ROOT, 12)) {
            return files.anyMatch(f -> f.toString().contains("/src/test/") && f.getFileName().toString().equals(name + ".java"));
        }
    }

    /** The README's shell blocks, each as its command lines: comments dropped, continued lines joined. */
    private static List<List<String>> blocks() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        List<List<String>> blocks = new ArrayList<>();
        Matcher block = BLOCK.matcher(readme);
        while (block.find()) {
            List<String> lines = new ArrayList<>();
            for (String line : block.group(1).replace("\\\n", " ").split("\n")) {
                String command = withoutComment(line).strip();
                if (!command.isEmpty()) {
                    lines.add(command);
                }
            }
            blocks.add(lines);
        }
        assertTrue(blocks.size() >= 5, "the README's shell blocks: " + blocks.size());
        return blocks;
    }

    /** {@code line} up to a {@code #} that starts a comment (after white space, outside quotes). */
    private static String withoutComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Shell words: white space separates them outside quotes; quotes are dropped. */
    private static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (char c : command.strip().toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (Character.isWhitespace(c)) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }
}
