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

/**
 * {@code scripts/native-deps.sh}, which {@code ./llfree} and {@code scripts/test.sh} source, must tell every
 * time whether libpmem1 and libpmemobj1 are installed. It once tested with {@code ldconfig -p | grep -q} under
 * {@code set -o pipefail}: grep exits at the first match, ldconfig dies of SIGPIPE, and about one check in 200
 * said a present library was missing. This test asks the script's check many times in a row, in one bash as
 * the launcher runs it, and fails on the first answer that differs from what {@code ldconfig -p}, read whole
 * once here, says.
 *
 * <p>The check runs as a non-root user would ({@code id} is stubbed), so it never installs anything: it
 * prints nothing when both libraries are there and the "missing" line otherwise.
 *
 * <p>It runs 1,000 checks by default (a few seconds); one check costs ~2 ms, mostly for {@code ldconfig -p}.
 * For the full 10,000 (~21 s on an idle 2-core machine, 40-55 s beside another build):
 * {@code scripts/test.sh -pl cli -am -Dtest=NativeDepsScriptTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dllfree.nativeDeps.runs=10000}.
 */
class NativeDepsScriptTest {
    private static final int RUNS = Integer.getInteger("llfree.nativeDeps.runs", 1_000);

    /** Package and library, as the script checks them. */
    private static final String[][] LIBRARIES = {{"libpmem1", "libpmem.so.1"}, {"libpmemobj1", "libpmemobj.so.1"}};

    /** Sources the script once, then calls its check $2 times; stderr of each call goes to a file, no fork. */
    private static final String LOOP = """
            set -euo pipefail
            script=$1 runs=$2 expected=$3 err=$4
            id() { echo 1000; }
            apt-get() { echo "apt-get must not run here: $*"; }
            source "$script" 2>/dev/null
            for ((i = 1; i <= runs; i++)); do
                llfree_native_deps 2>"$err"
                line=""
                read -r line <"$err" || true
                if [[ -z $expected && -s $err ]] || [[ -n $expected && $line != "llfree: $expected missing "* ]]; then
                    echo "check $i of $runs said: ${line:-<nothing>} (expected: ${expected:-nothing missing})"
                    exit 1
                fi
            done
            echo "ok"
            """;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void shouldGiveTheSameAnswerEveryTime() throws IOException, InterruptedException {
        String expected = String.join(" ", missingPackages());
        Path script = scriptsDirectory().resolve("native-deps.sh");

        long start = System.nanoTime();
        Process process = new ProcessBuilder("bash", "-c", LOOP, "native-deps-loop", script.toString(),
                Integer.toString(RUNS), expected, dir.resolve("err").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
        if (!process.waitFor(4, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(RUNS + " checks did not finish in 4 minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String out = Files.readString(dir.resolve("out"), StandardCharsets.UTF_8);

        System.out.printf("NativeDepsScriptTest: up to %d checks, %.1f s, missing: %s, loop said: %s", RUNS, seconds,
                expected.isEmpty() ? "none" : expected, out);
        assertEquals("ok\n", out, "exit " + process.exitValue());
        assertEquals(0, process.exitValue());
    }

    /** The packages whose library {@code ldconfig -p} does not list, read whole (no pipe to close early). */
    private static List<String> missingPackages() throws IOException, InterruptedException {
        String cache = "";
        for (String ldconfig : List.of("ldconfig", "/usr/sbin/ldconfig", "/sbin/ldconfig")) {
            try {
                Process process = new ProcessBuilder(ldconfig, "-p").redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.waitFor() == 0) {
                    cache = out;
                    break;
                }
            } catch (IOException notThere) {
                // the next one
            }
        }
        List<String> missing = new ArrayList<>();
        for (String[] library : LIBRARIES) {
            if (!cache.contains(library[1])) {
                missing.add(library[0]);
            }
        }
        return missing;
    }

    /** {@code scripts/} of the repository, above the module's working directory. */
    private static Path scriptsDirectory() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts/native-deps.sh"))) {
                return p.resolve("scripts");
            }
        }
        throw new AssertionError("no scripts/native-deps.sh above " + Path.of("").toAbsolutePath());
    }
}
