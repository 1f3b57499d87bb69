package dev.llfree.bench.baseline;

import dev.llfree.DoubleFreeException;
import dev.llfree.FrameAllocator;
import dev.llfree.Kind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Linux buddy model against a bitmap of allocated frames, and its merging, draining and bad input. */
class BuddyAllocatorTest {
    /** Not a multiple of the largest run: the zone ends in smaller runs. */
    private static final long FRAMES = 5 * 1024 + 512 + 37;
    private static final int CORES = 3;
    private static final int OPS = 20_000;

    private record Run(long frame, int order) { }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldAgreeWithABitmapModelUnderRandomGetsAndPuts(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BitSet model = new BitSet();
        List<Run> held = new ArrayList<>();
        try (BuddyAllocator buddy = BuddyAllocator.create(FRAMES, CORES)) {
            for (int op = 0; op < OPS; op++) {
                int core = random.nextInt(CORES);
                if (held.isEmpty() || random.nextInt(100) < 55) {
                    int order = random.nextInt(8) == 0 ? random.nextInt(FrameAllocator.MAX_ORDER + 1) : random.nextInt(3);
                    long frame = buddy.get(core, order, Kind.MOVABLE);
                    if (frame == FrameAllocator.NO_FRAME) {
                        continue;
                    }
                    assertEquals(0, frame & ((1L << order) - 1), "seed " + seed + ": misaligned " + frame);
                    assertTrue(frame + (1L << order) <= FRAMES, "seed " + seed);
                    int owned = model.nextSetBit((int) frame);
                    assertTrue(owned < 0 || owned >= frame + (1L << order), "seed " + seed + ": frame " + owned + " given twice");
                    model.set((int) frame, (int) (frame + (1L << order)));
                    held.add(new Run(frame, order));
                } else {
                    Run run = held.remove(random.nextInt(held.size()));
                    buddy.put(core, run.frame(), run.order());
                    model.clear((int) run.frame(), (int) (run.frame() + (1L << run.order())));
                }
                if (op % 1000 == 0) {
                    assertEquals(FRAMES - model.cardinality(), buddy.freeFrames(), "seed " + seed);
                    long probe = random.nextLong(FRAMES);
                    assertEquals(!model.get((int) probe), buddy.isFree(probe, 0), "seed " + seed + ": frame " + probe);
                    buddy.validate();
                }
            }
            held.forEach(run -> buddy.put(0, run.frame(), run.order()));
            assertEquals(FRAMES, buddy.freeFrames());
            buddy.validate();
        }
    }

    @Test
    void shouldMergeEveryFrameBackIntoHugeFramesOnceThePerCpuListsAreDrained() {
        long frames = 8 * 1024;
        SplittableRandom random = new SplittableRandom(7);
        try (BuddyAllocator buddy = BuddyAllocator.create(frames, 2)) {
            assertEquals(frames / FrameAllocator.HUGE_FRAMES, buddy.freeHugeFrames());
            long[] all = new long[(int) frames];
            for (int i = 0; i < all.length; i++) {
                all[i] = buddy.getOrThrow(i % 2, 0, Kind.MOVABLE);
            }
            assertEquals(FrameAllocator.NO_FRAME, buddy.get(0, 0, Kind.MOVABLE));
            assertEquals(0, buddy.freeHugeFrames());
            for (int i = all.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                long frame = all[i];
                all[i] = all[j];
                all[j] = frame;
            }
            for (int i = 0; i < all.length; i++) {
                buddy.put(i % 2, all[i], 0);
            }

            assertEquals(frames, buddy.freeFrames());
            assertTrue(buddy.freeHugeFrames() < frames / FrameAllocator.HUGE_FRAMES, "per-cpu lists hold unmerged frames");
            buddy.drain();
            assertEquals(frames / FrameAllocator.HUGE_FRAMES, buddy.freeHugeFrames());
            assertTrue(buddy.isFree(0, FrameAllocator.MAX_ORDER));
            buddy.validate();
        }
    }

    @Test
    void shouldGetGiganticPagesFromWhollyFreeRangesOnlyAsLinuxAllocContigPagesDoes() {
        long giant = FrameAllocator.GIANT_FRAMES;
        try (BuddyAllocator buddy = BuddyAllocator.create(2 * giant, 2)) {
            long small = buddy.getOrThrow(0, 3, Kind.MOVABLE);
            long first = buddy.getOrThrow(1, FrameAllocator.GIANT_ORDER, Kind.HUGE);
            long other = small < giant ? giant : 0;
            assertEquals(other, first, "the range holding the small frame " + small + " is skipped");
            assertEquals(FrameAllocator.NO_FRAME, buddy.get(1, FrameAllocator.GIANT_ORDER, Kind.HUGE));
            assertFalse(buddy.isFree(first + 4096, 0));
            assertThrows(IllegalArgumentException.class, () -> buddy.put(0, first + 1024, 10));
            buddy.validate();
            buddy.put(0, small, 3);
            long second = buddy.getOrThrow(0, FrameAllocator.GIANT_ORDER, Kind.HUGE);
            assertEquals(giant - other, second);
            buddy.put(0, second, FrameAllocator.GIANT_ORDER);
            buddy.put(1, first, FrameAllocator.GIANT_ORDER);
            assertThrows(DoubleFreeException.class, () -> buddy.put(1, first, FrameAllocator.GIANT_ORDER));
            assertEquals(2 * giant, buddy.freeFrames());
            assertTrue(buddy.isFree(giant, FrameAllocator.GIANT_ORDER) && buddy.isFree(0, FrameAllocator.GIANT_ORDER));
            buddy.validate();
        }
    }

    @Test
    void shouldFindFramesParkedOnAnotherCpusListBeforeReportingNoMemory() {
        long frames = 1024;
        try (BuddyAllocator buddy = BuddyAllocator.create(frames, 2)) {
            long parked = buddy.getOrThrow(0, 0, Kind.MOVABLE);
            buddy.put(0, parked, 0); // core 0's list now holds a refill batch

            for (long i = 0; i < frames; i++) {
                assertNotEquals(FrameAllocator.NO_FRAME, buddy.get(1, 0, Kind.MOVABLE), "frame " + i);
            }
            assertEquals(FrameAllocator.NO_FRAME, buddy.get(1, 0, Kind.MOVABLE));
            assertEquals(0, buddy.freeFrames());
        }
    }

    @Test
    void shouldRejectBadPutsAndLeaveTheAllocatorUnchanged() {
        try (BuddyAllocator buddy = BuddyAllocator.create(4096, 1)) {
            long huge = buddy.getOrThrow(0, FrameAllocator.HUGE_ORDER, Kind.HUGE);
            long small = buddy.getOrThrow(0, 0, Kind.MOVABLE);
            long free = buddy.freeFrames();

            assertThrows(IllegalArgumentException.class, () -> buddy.put(0, huge, 3));
            assertThrows(IllegalArgumentException.class, () -> buddy.put(0, huge + 8, 3));
            assertThrows(IllegalArgumentException.class, () -> buddy.put(0, huge + 1, 1));
            assertThrows(IllegalArgumentException.class, () -> buddy.put(0, 4096, 0));
            assertThrows(IllegalArgumentException.class, () -> buddy.get(0, FrameAllocator.MAX_ORDER + 1, Kind.MOVABLE));
            buddy.put(0, small, 0);
            DoubleFreeException twice = assertThrows(DoubleFreeException.class, () -> buddy.put(0, small, 0));
            assertTrue(twice.getMessage().contains("already free"), twice.getMessage());
            long inFreeRun = huge == 0 ? 2048 : 0;
            assertThrows(DoubleFreeException.class, () -> buddy.put(0, inFreeRun, 0));

            assertEquals(free + 1, buddy.freeFrames());
            assertFalse(buddy.isFree(huge, FrameAllocator.HUGE_ORDER));
            buddy.validate();
            buddy.put(0, huge, FrameAllocator.HUGE_ORDER);
            assertEquals(4096, buddy.freeFrames());
        }
    }

    @Test
    void shouldNameTheIndexOfTheFirstDoubleFreeInABatch() {
        try (BuddyAllocator buddy = BuddyAllocator.create(1024, 1)) {
            long[] frames = new long[4];
            assertEquals(4, buddy.getBatch(0, 0, Kind.MOVABLE, frames, 0, 4));
            buddy.put(0, frames[2], 0);

            DoubleFreeException e = assertThrows(DoubleFreeException.class, () -> buddy.putBatch(0, 0, frames, 0, 4));

            assertTrue(e.getMessage().endsWith("(array index 2; the runs before it were freed)"), e.getMessage());
            assertEquals(1023, buddy.freeFrames());
            buddy.put(0, frames[3], 0);
            buddy.validate();
        }
    }
}
