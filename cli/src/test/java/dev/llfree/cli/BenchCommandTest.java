package dev.llfree.cli;

import dev.llfree.Durability;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;
import dev.llfree.bench.CsvFormat;
import dev.llfree.pmem.Pmem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llfree bench} end to end through picocli, on the real allocator. */
class BenchCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = LLFreeCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldWriteOneCsvRowPerRunOfEveryWorkloadAndThreadCount(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("out.csv");

        int exit = execute("bench", "--min-phase", "0", "bulk", "repeat", "rand", "--durability", "volatile", "--threads", "1,2", "--memory",
                "64M", "--runs", "1", "-o", csv.toString());

        assertEquals(0, exit, err.toString());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(CsvFormat.RESULTS.header(), lines.getFirst());
        List<String[]> rows = lines.stream().skip(1).map(line -> line.split(",", -1)).toList();
        assertEquals(6, rows.size());
        assertAll(rows.stream().map(row -> () -> {
            assertEquals(10, row.length, Arrays.toString(row));
            assertEquals(List.of("llfree", "volatile", "0", "67108864", "1"),
                    List.of(row[0], row[1], row[3], row[5], row[6]));
            assertTrue(Double.parseDouble(row[7]) > 0 && Double.parseDouble(row[8]) > 0 && Long.parseLong(row[9]) > 0);
        }));
        assertEquals(Set.of("bulk/1", "bulk/2", "repeat/1", "repeat/2", "rand/1", "rand/2"),
                rows.stream().map(row -> row[2] + "/" + row[4]).collect(Collectors.toSet()));
        assertTrue(out.toString().contains("get ns median (min..max)"), out.toString());
        assertTrue(out.toString().contains("Summary: llfree/volatile on 64 MiB (16384 frames), order 0"), out.toString());
        assertTrue(err.toString().contains("[1/9] llfree/volatile bulk warm-up (order 0, 2 threads)"), err.toString());
        assertTrue(err.toString().contains("[9/9] llfree/volatile rand order 0, 2 threads, run 1: get "), err.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "bench --threads 0; llfree bench: threads: [0] (expected: one or more counts >= 1) (see 'llfree bench --help')",
        "bench --memory 8X; llfree bench: Invalid value for option '--memory': '8X' is not a size",
        "bench --memory 4K; llfree bench: memory: 4096 bytes is too small",
        "bench --order 11; llfree bench: order: 11 (expected: 0..10 or 18)",
        "bench bulk nosuch; llfree bench: workload: 'nosuch' (expected one of: bulk, repeat, rand, frag, latency)",
        "bench --allocator llfree,jemalloc; llfree bench: allocator: 'jemalloc' (expected one of: llfree, buddy, pmemobj)",
        "bench --durability fast; llfree bench: Invalid value for option '--durability' (MODE): 'fast' is not a bench durability",
        "bench --allocator buddy --durability pmem; llfree bench: --durability: only llfree has durabilities",
        "bench --pool /dev/shm/x.pool --durability volatile; llfree bench: --pool: only llfree's pmem, eadr and mapped durabilities use a pool",
        "bench frag --rounds 0; llfree bench: rounds: 0 (expected: >= 1)",
        "bench --runs; llfree bench: Missing required parameter for option '--runs'",
        "frobnicate; llfree: Unmatched argument at index 0: 'frobnicate'",
        "'';llfree: missing subcommand (expected one of: init, alloc, free, recover, inspect, verify, compact, bench)",
    })
    void shouldExitWithTwoAndOneLineOnStderrWhenTheUsageIsWrong(String args, String message) {
        int exit = execute(args.isEmpty() ? new String[0] : args.split(" "));

        assertEquals(2, exit, err.toString());
        assertTrue(err.toString().startsWith(message), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void shouldExitWithOneAndNameTheFileWhenTheCsvCannotBeWritten(@TempDir Path dir) {
        Path csv = dir.resolve("missing").resolve("out.csv");

        int exit = execute("bench", "--min-phase", "0", "repeat", "--memory", "64M", "--runs", "1", "-o", csv.toString());

        assertEquals(1, exit, err.toString());
        assertEquals("llfree bench: cannot write " + csv + ": NoSuchFileException" + System.lineSeparator(), err.toString());
    }

    @Test
    void shouldInterleaveTheAllocatorsAndCompareThemWhenSeveralAreNamed(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("out.csv");

        int exit = execute("bench", "--min-phase", "0", "repeat", "--allocator", "llfree,buddy", "--durability", "volatile", "--threads", "1,2",
                "--memory", "64M", "--runs", "2", "-o", csv.toString());

        assertEquals(0, exit, err.toString());
        List<String> allocators = Files.readAllLines(csv).stream().skip(1).map(line -> line.split(",")[0]).toList();
        assertEquals(List.of("llfree", "buddy", "llfree", "buddy", "llfree", "buddy", "llfree", "buddy"), allocators);
        assertTrue(out.toString().contains("Speed-up of llfree/volatile over buddy/volatile (ns per get+put, medians): "
                + "repeat 1 thread "), out.toString());
    }

    @Test
    void shouldSampleFreeHugeFramesEveryRoundAndPlotThemForFrag(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("out.csv");
        Path png = dir.resolve("plot.png");

        int exit = execute("bench", "frag", "--allocator", "llfree,buddy,pmemobj", "--durability", "volatile", "--threads",
                "1", "--memory", "64M",
                "--rounds", "5", "-o", csv.toString(), "--plot", png.toString());

        assertEquals(0, exit, err.toString());
        List<String> lines = Files.readAllLines(csv); // frag is the first (the only) kind of result: the named file
        assertEquals(CsvFormat.FRAG.header(), lines.getFirst());
        assertEquals(2 * 6, lines.size() - 1, "rounds 0..5 for each allocator");
        assertTrue(lines.get(1).startsWith("llfree,volatile,1,67108864,0,"), lines.get(1));
        assertTrue(lines.getLast().startsWith("buddy,volatile,1,67108864,5,"), lines.getLast());
        assertPng(png);
        assertTrue(Files.notExists(dir.resolve("out-frag.csv")) && Files.notExists(dir.resolve("plot-frag.png")));
        assertTrue(out.toString().contains("Frag: free huge frames as a share of the ideal after the last round: "
                + "llfree/volatile (1 thread) "), out.toString());
        assertTrue(err.toString().contains("llfree bench: skipping pmemobj"), err.toString());
    }

    @Test
    void shouldReportLatencyPercentilesAtHalfAndAlmostFullMemory(@TempDir Path dir) throws IOException {
        int exit = execute("bench", "latency", "--threads", "1,2", "--memory", "16M", "--runs", "1",
                "-o", dir.resolve("out.csv").toString(), "--plot", dir.resolve("plot.png").toString());

        assertEquals(0, exit, err.toString());
        assertTrue(err.toString().contains("llfree bench: --plot: latency has no chart"), err.toString());
        List<String[]> rows = Files.readAllLines(dir.resolve("out.csv")).stream().skip(1)
                .map(line -> line.split(",")).toList();
        assertEquals(Set.of("50/1/get", "50/1/put", "50/2/get", "50/2/put", "99/1/get", "99/1/put", "99/2/get", "99/2/put"),
                rows.stream().map(row -> row[5] + "/" + row[3] + "/" + row[6]).collect(Collectors.toSet()));
        assertAll(rows.stream().map(row -> () -> {
            long p50 = Long.parseLong(row[8]);
            long p999 = Long.parseLong(row[10]);
            assertTrue(p50 > 0 && p50 <= p999 && p999 <= Long.parseLong(row[11]), Arrays.toString(row));
        }));
        assertTrue(out.toString().contains("Latency: p99.9/p50 of get at 99% full: llfree/volatile (1 thread) "), out.toString());
    }

    @Test
    void shouldPlotNanosecondsPerGetAndPutOverThreads(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("plot.png");

        int exit = execute("bench", "--min-phase", "0", "bulk", "repeat", "rand", "--allocator", "llfree,buddy", "--threads", "1,2",
                "--memory", "16M", "--runs", "1", "--plot", png.toString());

        assertEquals(0, exit, err.toString());
        assertPng(png);
        assertTrue(err.toString().contains("llfree bench: wrote " + png), err.toString());
    }

    @Test
    void shouldCreateAMissingPoolAndThenUseItWithItsOwnSize(@TempDir(factory = ShmDir.class) Path dir) throws IOException {
        Path pool = dir.resolve("bench.pool");

        int created = execute("bench", "--min-phase", "0", "repeat", "--durability", "mapped", "--pool", pool.toString(), "--threads", "1",
                "--memory", "16M", "--runs", "1");
        int reused = execute("bench", "--min-phase", "0", "repeat", "--durability", "mapped", "--pool", pool.toString(), "--threads", "1",
                "--memory", "64M", "--runs", "1");

        assertEquals(0, created, err.toString());
        assertEquals(0, reused, err.toString());
        assertTrue(Files.exists(pool), "a named pool is kept");
        assertTrue(err.toString().contains("using the size of pool " + pool + " (16777216 bytes), not --memory"), err.toString());
        assertTrue(out.toString().contains("Summary: llfree/mapped on 16 MiB (4096 frames)"), out.toString());
    }

    @Test
    void shouldRunAutoAsTheDurabilityThePoolRecorded(@TempDir(factory = ShmDir.class) Path dir) throws IOException {
        Path pool = dir.resolve("bench.pool");
        Durability recorded = Pmem.isAvailable() ? Durability.PMEM : Durability.MAPPED;
        try (PoolAllocator created = LLFree.pool(pool).frames(4096).durability(recorded).create()) {
            assertEquals(recorded, created.durability());
        }

        int exit = execute("bench", "--min-phase", "0", "repeat", "--durability", "auto", "--pool", pool.toString(), "--threads", "1",
                "--runs", "1");

        assertEquals(0, exit, err.toString());
        String label = "llfree/" + recorded.label();
        assertTrue(out.toString().contains("Summary: " + label + " on 16 MiB (4096 frames)"), out.toString());
        assertTrue(err.toString().contains("durability auto: llfree runs as " + label + ", what pool " + pool
            + " resolves it to"), err.toString());
    }

    @Test
    void shouldNameEachFurtherKindOfResultAfterTheFileGiven(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("out.csv");

        int exit = execute("bench", "--min-phase", "0", "repeat", "frag", "latency", "--threads", "1", "--memory", "16M", "--runs", "1",
                "--rounds", "1", "-o", csv.toString());

        assertEquals(0, exit, err.toString());
        assertEquals(CsvFormat.RESULTS.header(), Files.readAllLines(csv).getFirst());
        assertEquals(CsvFormat.FRAG.header(), Files.readAllLines(dir.resolve("out-frag.csv")).getFirst());
        assertEquals(CsvFormat.LATENCY.header(), Files.readAllLines(dir.resolve("out-latency.csv")).getFirst());
    }

    @Test
    void shouldRunVolatileAndPmemByDefaultWhateverElseIsGiven(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("out.csv");

        int exit = execute("bench", "--min-phase", "0", "repeat", "--threads", "1", "--memory", "16M", "--runs", "1", "-o", csv.toString());

        assertEquals(0, exit, err.toString());
        Set<String> durabilities = Files.readAllLines(csv).stream().skip(1).map(line -> line.split(",")[1])
                .collect(Collectors.toSet());
        assertEquals(Pmem.isAvailable() ? Set.of("volatile", "pmem") : Set.of("volatile"), durabilities, err.toString());
    }

    @Test
    void shouldWarnWhenThreadsExceedTheCpus() {
        int threads = Runtime.getRuntime().availableProcessors() + 1;

        int exit = execute("bench", "--min-phase", "0", "repeat", "--durability", "volatile", "--threads", "" + threads, "--memory", "16M",
                "--runs", "1");

        assertEquals(0, exit, err.toString());
        assertTrue(err.toString().contains("llfree bench: warning: " + threads + " threads on " + (threads - 1) + " CPU"),
                err.toString());
    }

    private static void assertPng(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > 1000, file + ": " + bytes.length + " bytes");
        assertEquals("PNG", new String(bytes, 1, 3, StandardCharsets.US_ASCII));
    }
}
