package dev.llfree.cli;

import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llfree free} end to end, and every frame it refuses before freeing anything. */
class FreeCommandTest {
    @TempDir
    Path dir;
    private Path pool;

    @BeforeEach
    void createPool() throws IOException {
        pool = TestPools.create(dir);
    }

    @Test
    void shouldFreeWhatAllocPrinted() throws IOException {
        List<String> args = new ArrayList<>(List.of("free", pool.toString()));
        args.addAll(Cli.run("alloc", pool.toString(), "--count", "5").ok().out().lines().toList());

        Cli cli = Cli.run(args.toArray(String[]::new)).ok();

        assertEquals("freed 5 runs of order 0 (20 KiB)" + System.lineSeparator(), cli.out());
        try (PoolAllocator p = LLFree.pool(pool).open()) {
            assertEquals(TestPools.FRAMES - 8 - 512, p.freeFrames());
        }
    }

    @Test
    void shouldTakeHexadecimalFramesAndOrdersAndPrintJson() throws IOException {
        long huge = TestPools.hugeChild(pool) * 512;

        Cli cli = Cli.run("free", pool.toString(), "0x" + Long.toHexString(huge), "--order", "9", "--json").ok();

        assertTrue(cli.out().contains("\"frames\" : [ " + huge + " ]"), cli.out());
        try (PoolAllocator p = LLFree.pool(pool).open()) {
            assertTrue(p.isFree(huge, 9));
        }
    }

    @Test
    void shouldRefuseEveryBadFrameBeforeFreeingAny() throws IOException {
        byte[] before = TestPools.bytes(pool);

        Cli.run("free", pool.toString(), "0", "8").fails(1,
                "llfree free: double free: frame 0x8 of order 0 is already free; nothing was freed");
        Cli.run("free", pool.toString(), "0", "40960").fails(2, "llfree free: frame: 0xa000 of order 0 (expected: a run"
                + " inside 0..0x9fff)");
        Cli.run("free", pool.toString(), "1", "--order", "3").fails(2, "llfree free: frame: 0x1 (expected: aligned to"
                + " order 3");
        Cli.run("free", pool.toString(), "0", "0x0").fails(2, "llfree free: FRAME: frame 0 is given twice");
        Cli.run("free", pool.toString(), "-1").fails(2, "llfree free: FRAME: '-1' is not a frame number");
        Cli.run("free", pool.toString(), "0xZ").fails(2, "llfree free: FRAME: '0xZ' is not a frame number");
        Cli.run("free", pool.toString()).fails(2, "llfree free: Missing required parameter: 'FRAME'");

        assertArrayEquals(before, TestPools.bytes(pool));
    }

    @Test
    void shouldRefuseARunOfAnotherOrderBeforeFreeingAny() throws IOException {
        String huge = Long.toString(TestPools.hugeChild(pool) * 512);
        byte[] before = TestPools.bytes(pool);
        String refusal = "llfree free: frame 0x" + Long.toHexString(Long.parseLong(huge))
                + " was not allocated with order 0: it lies in a huge frame of order 9; nothing was freed";

        Cli.run("free", pool.toString(), huge).fails(2, refusal);
        Cli.run("free", pool.toString(), "0", "1", huge).fails(2, refusal);
        Cli.run("free", pool.toString(), "0", "--order", "9").fails(2, "llfree free: frame 0x0 was not allocated with"
                + " order 9");

        assertArrayEquals(before, TestPools.bytes(pool));
    }

    @Test
    void shouldFreeTheFramesListedOnStandardInput() throws IOException {
        Cli.run("free", pool.toString(), "4").ok();
        Cli.withInput("0 1\n0x2\n\n3\n", "free", pool.toString(), "-", "5").ok();
        Cli.withInput("6 7", "free", pool.toString(), "-").ok();

        try (PoolAllocator p = LLFree.pool(pool).open()) {
            assertEquals(TestPools.FRAMES - 512, p.freeFrames());
        }
    }

    @Test
    void shouldRefuseABadListBeforeFreeingAny() throws IOException {
        byte[] before = TestPools.bytes(pool);

        Cli.withInput("0\n1 x2\n", "free", pool.toString(), "-").fails(2,
            "llfree free: standard input, line 2: 'x2' is not a frame number");
        Cli.withInput("0\n1\n0\n", "free", pool.toString(), "-").fails(2, "llfree free: FRAME: frame 0 is given twice");

        assertArrayEquals(before, TestPools.bytes(pool));
    }
}
