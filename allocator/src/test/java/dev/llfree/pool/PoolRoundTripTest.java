package dev.llfree.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Durability;
import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Create, allocate a recorded set of runs of mixed orders, close (or crash), reopen: exactly that set is allocated. */
class PoolRoundTripTest {
    /** Three trees' worth plus a partial child, so the last tree and child are partial. */
    private static final long FRAMES = 3 * 16384 + 2 * 512 + 100;
    private static final int[] ORDERS = {0, 0, 1, 3, 6, 7, 8, 9, 10};

    @RegisterExtension
    final TmpfsDir tmp = new TmpfsDir();

    private record Run(long frame, int order) { }

    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"PMEM", "EADR", "MAPPED"})
    void shouldKeepExactlyTheAllocatedRunsAcrossACleanClose(Durability durability) throws IOException {
        Path path = tmp.file("pool");
        List<Run> runs;
        try (PoolAllocator pool = LLFree.pool(path).frames(FRAMES).durability(durability).cores(2).create()) {
            assertEquals(durability, pool.durability());
            runs = allocateAndFreeSome(pool, 7);
        }
        try (PoolAllocator pool = LLFree.pool(path).durability(durability).cores(2).open()) {
            assertTrue(pool.recovery().clean(), pool.recovery().toString());
            assertExactly(pool, runs);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"PMEM", "EADR", "MAPPED"})
    void shouldRecoverExactlyTheAllocatedRunsAfterACrash(Durability durability) throws IOException {
        Path path = tmp.file("pool");
        List<Run> runs;
        Pool pool = (Pool) LLFree.pool(path).frames(FRAMES).durability(durability).cores(2).create();
        runs = allocateAndFreeSome(pool, 11);
        pool.abandon();
        try (PoolAllocator reopened = LLFree.pool(path).durability(durability).cores(3).open()) {
            assertFalse(reopened.recovery().clean());
            assertEquals(FRAMES / 512 + 1, reopened.recovery().childrenScanned());
            assertExactly(reopened, runs);
            List<Run> more = allocateAndFreeSome(reopened, 12);
            for (Run run : more) {
                reopened.put(0, run.frame(), run.order());
            }
            assertExactly(reopened, runs);
        }
        try (PoolAllocator clean = LLFree.pool(path).durability(durability).open()) {
            assertTrue(clean.recovery().clean());
            assertExactly(clean, runs);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"PMEM", "MAPPED"})
    void shouldKeepFrameContentsInTheDataArea(Durability durability) throws IOException {
        Path path = tmp.file("pool");
        long frame;
        try (PoolAllocator pool = LLFree.pool(path).frames(FRAMES).data(true).durability(durability).create()) {
            frame = pool.getOrThrow(0, 1, Kind.MOVABLE);
            MemorySegment page = pool.frame(frame, 1);
            assertEquals(2 * FrameAllocator.FRAME_SIZE, page.byteSize());
            page.set(ValueLayout.JAVA_LONG, 8192 - 8, 0xC0FFEEL);
        }
        try (PoolAllocator pool = LLFree.pool(path).durability(durability).open()) {
            assertTrue(pool.hasData());
            assertEquals(0xC0FFEEL, pool.frame(frame, 1).get(ValueLayout.JAVA_LONG, 8192 - 8));
            assertEquals(0, pool.frame(frame, 1).address() % 4096, "frames are page aligned");
            if (durability != Durability.MAPPED) {
                // pmem_map_file aligns the mapping to 2 MiB; FileChannel.map promises only pages.
                assertEquals(0, pool.frame(0, 9).address() % (2 << 20), "huge frames are huge pages of the mapping");
            }
        }
    }

    /** Random gets of mixed orders and kinds, then puts of about a third of them; returns what stays allocated. */
    private static List<Run> allocateAndFreeSome(FrameAllocator pool, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int order = ORDERS[random.nextInt(ORDERS.length)];
            long frame = pool.get(random.nextInt(2), order, order >= 9 ? Kind.HUGE : Kind.of(random.nextInt(2)));
            if (frame >= 0) {
                runs.add(new Run(frame, order));
            }
        }
        long[] batch = new long[64];
        int got = pool.getBatch(1, 0, Kind.FIXED, batch, 0, 64);
        for (int i = 0; i < got; i++) {
            runs.add(new Run(batch[i], 0));
        }
        List<Run> kept = new ArrayList<>();
        for (Run run : runs) {
            if (random.nextInt(3) == 0) {
                pool.put(random.nextInt(2), run.frame(), run.order());
            } else {
                kept.add(run);
            }
        }
        pool.validate();
        return kept;
    }

    private static void assertExactly(FrameAllocator pool, List<Run> runs) {
        BitSet allocated = new BitSet();
        for (Run run : runs) {
            allocated.set((int) run.frame(), (int) (run.frame() + (1L << run.order())));
        }
        for (long f = 0; f < FRAMES; f++) {
            assertEquals(!allocated.get((int) f), pool.isFree(f, 0), "frame " + f);
        }
        for (Run run : runs) {
            assertFalse(pool.isFree(run.frame(), run.order()));
        }
        assertEquals(FRAMES - allocated.cardinality(), pool.freeFrames());
        pool.validate();
    }
}
