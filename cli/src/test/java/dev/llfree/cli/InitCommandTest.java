package dev.llfree.cli;

import dev.llfree.Durability;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llfree init} end to end. */
class InitCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldCreateAPoolOfTheGivenSizeWithEveryFrameFree() throws IOException {
        Path pool = dir.resolve("pool");

        Cli cli = Cli.run("init", pool.toString(), "--size", "64M", "--durability", "mapped").ok();

        assertTrue(cli.out().startsWith("created " + pool + ": 64 MiB in 16384 frames of 4 KiB (32 huge frames of 2 MiB,"
                + " 1 tree)"), cli.out());
        assertTrue(cli.out().contains("durability mapped; metadata only (no data area)"), cli.out());
        try (PoolAllocator p = LLFree.pool(pool).open()) {
            assertEquals(16384, p.frames());
            assertEquals(16384, p.freeFrames());
            assertFalse(p.hasData());
            assertTrue(p.recovery().clean());
        }
    }

    @ParameterizedTest
    @CsvSource({"4K, 1", "2m, 512", "1G, 262144", "8192, 2"})
    void shouldAcceptSizesWithSuffixes(String size, long frames) throws IOException {
        Path pool = dir.resolve("pool");

        Cli.run("init", pool.toString(), "--size", size, "--data", "--json").ok();

        try (PoolAllocator p = LLFree.pool(pool).open()) {
            assertEquals(frames, p.frames());
            assertTrue(p.hasData());
        }
    }

    @Test
    void shouldPrintJsonForScripts() {
        Path pool = dir.resolve("pool");

        Cli cli = Cli.run("init", pool.toString(), "--size", "8M", "--json").ok();

        assertTrue(cli.out().contains("\"pool\" : \"" + pool + "\""), cli.out());
        assertTrue(cli.out().contains("\"frames\" : 2048"), cli.out());
        assertTrue(cli.out().contains("\"hugeFrames\" : 4"), cli.out());
    }

    @Test
    void shouldRefuseToOverwriteAnExistingFileWithoutForce() throws IOException {
        Path pool = dir.resolve("pool");
        Files.writeString(pool, "precious");

        Cli.run("init", pool.toString(), "--size", "8M").fails(1,
                "llfree init: " + pool + ": already exists (--force overwrites it)");

        assertEquals("precious", Files.readString(pool));
    }

    @Test
    void shouldOverwriteAPoolOrAnEmptyFileWithForce() throws IOException {
        Path pool = TestPools.create(dir);
        Path empty = Files.createFile(dir.resolve("empty"));

        Cli.run("init", pool.toString(), "--size", "8M", "--force").ok();
        Cli.run("init", empty.toString(), "--size", "4M", "--force").ok();

        try (PoolAllocator p = LLFree.pool(pool).open(); PoolAllocator e = LLFree.pool(empty).open()) {
            assertEquals(2048, p.frames());
            assertEquals(1024, e.frames());
        }
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file is left beside the pools");
        }
    }

    @Test
    void shouldRefuseToOverwriteAFileThatIsNotAPoolEvenWithForce() throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "precious");

        Cli.run("init", text.toString(), "--size", "8M", "--force").fails(1,
                "llfree init: " + text + ": is not an llfree pool");

        assertEquals("precious", Files.readString(text));
    }

    @Test
    void shouldRefuseToReplaceASpecialFileEvenWithForce() throws IOException, InterruptedException {
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");

        Cli.run("init", fifo.toString(), "--size", "8M", "--force").fails(1,
                "llfree init: " + fifo + ": is not a regular file");

        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "the special file is left alone");
    }

    @Test
    void shouldNotOverwriteAPoolInUseEvenWithForce() throws IOException {
        Path pool = TestPools.create(dir);
        try (PoolAllocator _ = LLFree.pool(pool).durability(Durability.MAPPED).open()) {
            byte[] before = TestPools.bytes(pool);

            Cli.run("init", pool.toString(), "--size", "8M", "--force").fails(4,
                    "llfree init: pool " + pool + ": in use");

            assertArrayEquals(before, TestPools.bytes(pool));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "--size 8X; llfree init: Invalid value for option '--size': '8X' is not a size",
        "--size 0; llfree init: size: 0 bytes (expected: a positive multiple of the 4 KiB frame size",
        "--size 5000; llfree init: size: 5000 bytes (expected: a positive multiple",
        "--size 8M --durability volatile; llfree init: Invalid value for option '--durability': 'volatile' is not a pool durability",
        "'';llfree init: Missing required",
    })
    void shouldExitWithTwoOnUsageErrorsAndCreateNothing(String args, String message) {
        Path pool = dir.resolve("pool");
        String[] rest = args.isEmpty() ? new String[0] : args.split(" ");
        String[] all = new String[rest.length + 2];
        all[0] = "init";
        all[1] = pool.toString();
        System.arraycopy(rest, 0, all, 2, rest.length);

        Cli.run(all).fails(2, message);

        assertFalse(Files.exists(pool));
    }

    @Test
    void shouldRefuseADirectory() {
        Cli.run("init", dir.toString(), "--size", "8M", "--force").fails(2,
                "llfree init: POOL: " + dir + " is a directory");
    }
}
