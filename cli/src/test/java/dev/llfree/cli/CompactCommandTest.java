package dev.llfree.cli;

import dev.llfree.Durability;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llfree compact} end to end: frames move with their data, the moves file tells where, bad options change nothing. */
class CompactCommandTest {
    /** One tree: 32 children. */
    private static final long FRAMES = 32 * 512;
    /** Frames kept per child in children 0..7: every 64th, so each child keeps 8 order-0 frames. */
    private static final int STRIDE = 64;

    @TempDir
    Path dir;
    private Path pool;
    /** Content of each allocated frame: its own frame number, written in its first word. */
    private final Map<Long, Long> kept = new HashMap<>();

    /** Fills children 0..7, then frees all but every 64th frame: 8 sparse children, each holding 8 frames. */
    @BeforeEach
    void createFragmentedPool() throws IOException {
        pool = dir.resolve("pool");
        try (PoolAllocator p = LLFree.pool(pool).frames(FRAMES).data(true).durability(Durability.MAPPED).cores(1).create()) {
            long[] frames = new long[8 * 512];
            assertEquals(frames.length, p.getBatch(0, 0, Kind.MOVABLE, frames, 0, frames.length));
            for (long f : frames) {
                if (f % STRIDE == 0) {
                    p.frame(f, 0).set(ValueLayout.JAVA_LONG, 0, f);
                    kept.put(f, f);
                } else {
                    p.put(0, f, 0);
                }
            }
        }
    }

    @Test
    void shouldClearHugeFramesAndMoveTheDataWhereTheMovesFileSays() throws IOException {
        Path moves = dir.resolve("moves.csv");

        Cli cli = Cli.run("compact", pool.toString(), "--moves", moves.toString()).ok();

        assertTrue(cli.out().contains("huge frames cleared: 7 (free huge frames 24 -> 31; at most 7 can be cleared)"), cli.out());
        assertTrue(cli.out().contains("frames moved:        56 in 56 blocks (lower bound for 7 huge frames: 56)"), cli.out());
        List<String> lines = Files.readAllLines(moves);
        assertEquals("from,to,order", lines.getFirst());
        assertEquals(57, lines.size());
        Map<Long, Long> where = new HashMap<>(kept);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            long from = Long.parseLong(f[0]);
            where.put(from, Long.parseLong(f[1]));
            assertEquals("0", f[2]);
        }
        try (PoolAllocator p = LLFree.pool(pool).open()) {
            p.validate();
            assertEquals(31, p.freeHugeFrames());
            for (Map.Entry<Long, Long> e : where.entrySet()) {
                assertFalse(p.isFree(e.getValue(), 0));
                assertEquals(e.getKey(), p.frame(e.getValue(), 0).get(ValueLayout.JAVA_LONG, 0), "data of frame " + e.getKey());
            }
        }
    }

    @Test
    void shouldStopAtTheGoalKeepPinnedFramesAndPrintJson() throws IOException {
        Cli cli = Cli.run("compact", pool.toString(), "--goal", "2", "--strategy", "linux", "--pin", "0x40", "--json").ok();

        assertTrue(cli.out().contains("\"hugeCleared\" : 2"), cli.out());
        assertTrue(cli.out().contains("\"strategy\" : \"linux\""), cli.out());
        try (PoolAllocator p = LLFree.pool(pool).open()) {
            assertFalse(p.isFree(0x40, 0), "pinned frame 0x40 moved");
            assertEquals(0x40L, p.frame(0x40, 0).get(ValueLayout.JAVA_LONG, 0));
            assertEquals(24 + 2, p.freeHugeFrames());
        }
    }

    @Test
    void shouldRefuseBadOptionsWithoutTouchingThePool() throws IOException {
        byte[] before = TestPools.bytes(pool);

        Cli.run("compact", pool.toString(), "--strategy", "buddy").fails(2,
                "llfree compact: strategy: 'buddy' (expected one of: linux, sparsest-first, tree-local)");
        Cli.run("compact", pool.toString(), "--goal", "lots").fails(2,
                "llfree compact: goal: 'lots' (expected: max, a number of huge frames, or unusable=0..1)");

        assertArrayEquals(before, TestPools.bytes(pool));
    }
}
