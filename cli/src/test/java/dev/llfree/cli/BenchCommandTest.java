package dev.llfree.cli;

import dev.llfree.bench.ResultCsvWriter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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

        int exit = execute("bench", "bulk", "repeat", "rand", "--threads", "1,2", "--memory", "64M", "--runs", "1",
                "-o", csv.toString());

        assertEquals(0, exit, err.toString());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(ResultCsvWriter.HEADER, lines.getFirst());
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
        assertTrue(err.toString().contains("[6/6] rand order 0, 2 threads, run 1: get "), err.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "bench --threads 0; llfree bench: threads: [0] (expected: one or more counts >= 1) (see 'llfree bench --help')",
        "bench --memory 8X; llfree bench: Invalid value for option '--memory': '8X' is not a size",
        "bench --memory 4K; llfree bench: memory: 4096 bytes is too small",
        "bench --order 11; llfree bench: order: 11 (expected: 0..10)",
        "bench bulk nosuch; llfree bench: workload: 'nosuch' (expected one of: bulk, repeat, rand)",
        "bench --runs; llfree bench: Missing required parameter for option '--runs'",
        "frobnicate; llfree: Unmatched argument at index 0: 'frobnicate'",
        "'';llfree: missing subcommand (expected one of: bench)",
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

        int exit = execute("bench", "repeat", "--memory", "64M", "--runs", "1", "-o", csv.toString());

        assertEquals(1, exit, err.toString());
        assertEquals("llfree bench: cannot write " + csv + ": NoSuchFileException" + System.lineSeparator(), err.toString());
    }
}
