package dev.llfree.cli;

import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llfree alloc} end to end: what it prints is allocated in the pool, durably. */
class AllocCommandTest {
    @TempDir
    Path dir;
    private Path pool;

    @BeforeEach
    void createPool() throws IOException {
        pool = TestPools.create(dir);
    }

    @Test
    void shouldPrintOneFrameNumberPerLineAndLeaveThemAllocated() throws IOException {
        Cli cli = Cli.run("alloc", pool.toString(), "--count", "3", "--order", "2").ok();

        List<Long> frames = cli.out().lines().map(Long::parseLong).toList();
        assertEquals(3, frames.size());
        try (PoolAllocator p = LLFree.pool(pool).open()) {
            assertTrue(p.recovery().clean(), "closed cleanly");
            for (long frame : frames) {
                assertEquals(0, frame % 4, "aligned to order 2");
                assertFalse(p.isFree(frame, 2), "frame " + frame);
            }
            assertEquals(TestPools.FRAMES - 8 - 512 - 12, p.freeFrames());
        }
    }

    @Test
    void shouldAllocateHugeFramesOfTheGivenKindAsJson() {
        Cli cli = Cli.run("alloc", pool.toString(), "--order", "9", "--kind", "huge", "--json").ok();

        assertTrue(cli.out().contains("\"order\" : 9"), cli.out());
        assertTrue(cli.out().contains("\"kind\" : \"huge\""), cli.out());
        assertTrue(cli.out().matches("(?s).*\"frames\" : \\[ \\d+ ].*"), cli.out());
    }

    @Test
    void shouldAllocateInspectAndFreeAGiantFrame() throws IOException {
        Path giant = dir.resolve("giant");
        try (PoolAllocator p = LLFree.pool(giant).frames(dev.llfree.FrameAllocator.GIANT_FRAMES + 512).create()) {
            assertEquals(dev.llfree.FrameAllocator.GIANT_FRAMES + 512, p.frames());
        }
        Cli cli = Cli.run("alloc", giant.toString(), "--order", "18").ok();
        assertEquals("0", cli.out().strip());
        String inspect = Cli.run("inspect", giant.toString()).ok().out();
        assertTrue(inspect.contains("262144 in 1 giant (1 GiB) frame"), inspect);
        Cli.run("free", giant.toString(), "0", "--order", "18").ok();
        try (PoolAllocator p = LLFree.pool(giant).open()) {
            assertTrue(p.isFree(0, 18));
        }
    }

    @Test
    void shouldExitWithFiveAndKeepNothingWhenTooFewRunsAreFree() throws IOException {
        byte[] before = TestPools.bytes(pool);

        Cli.run("alloc", pool.toString(), "--order", "10", "--count", "40").fails(5,
                "llfree alloc: 40 runs of order 10 asked for, but only 38 are free");

        assertArrayEquals(before, TestPools.bytes(pool), "all or nothing: the pool is as before");
    }

    @Test
    void shouldExitWithTwoOnUsageErrors() throws IOException {
        byte[] before = TestPools.bytes(pool);

        Cli.run("alloc", pool.toString(), "--order", "11").fails(2,
                "llfree alloc: Invalid value for option '--order': '11' is not an order (expected: 0..10 or 18");
        Cli.run("alloc", pool.toString(), "--kind", "giant").fails(2,
                "llfree alloc: Invalid value for option '--kind': 'giant' is not a kind (expected one of: movable, fixed, huge)");
        Cli.run("alloc", pool.toString(), "--count", "0").fails(2, "llfree alloc: count: 0 (expected: at least 1)");
        Cli.run("alloc", pool.toString(), "--count", "2147483647").fails(2, "llfree alloc: count: 2147483647 runs of"
                + " order 0 do not fit in the pool's 40960 frames");
        Cli.run("alloc", pool.toString(), "--order", "10", "--count", "41").fails(2, "llfree alloc: count: 41 runs of"
                + " order 10 do not fit in the pool's 40960 frames");
        Cli.run("alloc").fails(2, "llfree alloc: Missing required parameter: 'POOL'");

        assertArrayEquals(before, TestPools.bytes(pool));
    }
}
