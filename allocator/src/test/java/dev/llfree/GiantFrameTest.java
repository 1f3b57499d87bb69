package dev.llfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.core.Geometry;
import dev.llfree.core.upper.LLFreeAllocator;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Giant (1 GiB, order 18) frames of a volatile allocator: round trips, regions in use, bad input. */
class GiantFrameTest {
    private static final int GIANT = FrameAllocator.GIANT_ORDER;
    private static final long GIANT_FRAMES = 1L << GIANT;
    /** Two whole regions, a partial third (a tree and a partial child): only the two can be giant. */
    private static final long FRAMES = 2 * GIANT_FRAMES + Geometry.TREE_FRAMES + 300;
    private LLFreeAllocator allocator;

    @BeforeEach
    void create() {
        allocator = (LLFreeAllocator) LLFree.volatileFrames(FRAMES).cores(2).build();
    }

    @AfterEach
    void close() {
        allocator.validate();
        allocator.close();
    }

    @Test
    void shouldGetAndPutGiantFrames() {
        long freeHuge = allocator.freeHugeFrames();
        long first = allocator.getOrThrow(0, GIANT, Kind.HUGE);
        long second = allocator.getOrThrow(1, GIANT, Kind.MOVABLE);
        assertEquals(0, first % GIANT_FRAMES);
        assertEquals(0, second % GIANT_FRAMES);
        assertNotEquals(first, second);
        assertEquals(FrameAllocator.NO_FRAME, allocator.get(0, GIANT, Kind.HUGE), "only two whole regions");
        assertEquals(FRAMES - 2 * GIANT_FRAMES, allocator.freeFrames());
        assertEquals(freeHuge - 2 * Geometry.GIANT_CHILDREN, allocator.freeHugeFrames());
        for (long f : new long[] {first, second}) {
            assertFalse(allocator.isFree(f, GIANT));
            assertFalse(allocator.isFree(f + GIANT_FRAMES / 2 + 5, 0));
            assertFalse(allocator.isFree(f + 512 * 7, 9));
            assertFalse(allocator.isFree(f + GIANT_FRAMES - 1024, 10));
        }
        assertEquals(0, allocator.stats().freeFrames() - (FRAMES - 2 * GIANT_FRAMES));
        allocator.validate();
        long small = allocator.getOrThrow(0, 0, Kind.MOVABLE);
        assertEquals(2, Geometry.giantOf(small), "small gets go around giant frames");
        allocator.put(0, small, 0);
        allocator.put(1, first, GIANT);
        allocator.putBatch(0, GIANT, new long[] {second}, 0, 1);
        assertEquals(FRAMES, allocator.freeFrames());
        assertEquals(freeHuge, allocator.freeHugeFrames());
        assertTrue(allocator.isFree(first, GIANT) && allocator.isFree(second, GIANT));
        allocator.validate();
        long[] batch = new long[3];
        assertEquals(2, allocator.getBatch(0, GIANT, Kind.HUGE, batch, 0, 3));
        allocator.putBatch(0, GIANT, batch, 0, 2);
        assertEquals(FRAMES, allocator.freeFrames());
    }

    @Test
    void shouldSkipARegionWithAFrameInUse() {
        allocator.drain();
        long middle = allocator.getInChild(Geometry.GIANT_CHILDREN / 2, 0); // region 0, tree 8
        long last = allocator.getInChild(2L * Geometry.GIANT_CHILDREN - 1, 3); // region 1, last child, last tree
        assertRefused();
        allocator.put(0, last, 3);
        assertEquals(GIANT_FRAMES, allocator.getOrThrow(0, GIANT, Kind.HUGE));
        assertRefused(); // region 0 still holds the frame in the middle
        allocator.put(0, GIANT_FRAMES, GIANT);
        allocator.put(0, middle, 0);
        allocator.validate();
        assertEquals(FRAMES, allocator.freeFrames());
    }

    @Test
    void shouldSkipARegionWithAHugeChild() {
        allocator.drain();
        long huge = allocator.getOrThrow(0, 9, Kind.HUGE);
        long pair = allocator.getOrThrow(1, 10, Kind.HUGE);
        assertTrue(Geometry.giantOf(huge) < 2 && Geometry.giantOf(pair) < 2 && Geometry.giantOf(huge) != Geometry.giantOf(pair),
            "core 0 starts in region 0, core 1 in region 1: " + huge + ", " + pair);
        allocator.drain();
        assertRefused();
        allocator.put(0, huge, 9);
        allocator.put(0, pair, 10);
    }

    @Test
    void shouldSkipARegionWithAHeldChildAndUndoTheChildrenMarked() {
        allocator.drain();
        long child = allocator.getInChild(Geometry.GIANT_CHILDREN + 100, 0); // region 1 in use
        assertTrue(allocator.lower().hold(Geometry.GIANT_CHILDREN / 2 + 1)); // region 0: trees free, a child not
        assertRefused();
        allocator.lower().unhold(Geometry.GIANT_CHILDREN / 2 + 1);
        long giant = allocator.getOrThrow(0, GIANT, Kind.HUGE);
        assertEquals(0, giant);
        allocator.put(0, giant, GIANT);
        allocator.put(0, child, 0);
    }

    @Test
    void shouldTakeARegionWhoseWhollyFreeTreesCoresHaveReserved() {
        allocator.drain();
        long a = allocator.getOrThrow(0, 0, Kind.MOVABLE); // core 0 reserves a tree of region 0
        long b = allocator.getOrThrow(1, 0, Kind.FIXED); // core 1 one of region 1
        allocator.put(0, a, 0);
        allocator.put(1, b, 0);
        assertEquals(FRAMES, allocator.freeFrames(), "all free, but two trees reserved");
        long first = allocator.getOrThrow(0, GIANT, Kind.HUGE);
        long second = allocator.getOrThrow(1, GIANT, Kind.HUGE);
        assertNotEquals(first, second);
        long small = allocator.getOrThrow(0, 0, Kind.MOVABLE); // core 0 finds its tree empty and reserves another
        assertTrue(Geometry.giantOf(small) >= 2, "a small get landed in a giant frame: " + small);
        allocator.validate();
        allocator.put(0, small, 0);
        allocator.put(0, first, GIANT);
        allocator.put(1, second, GIANT);
        assertEquals(FRAMES, allocator.freeFrames());
        allocator.validate();
    }

    @Test
    void shouldRejectBadGiantInputAndChangeNothing() {
        long giant = allocator.getOrThrow(0, GIANT, Kind.HUGE);
        long other = giant == 0 ? GIANT_FRAMES : 0;
        long small = allocator.getInChild(Geometry.childOf(other) + 3, 0);
        assertRejected(IllegalArgumentException.class, "aligned to order 18", a -> a.put(0, giant + 512, GIANT));
        assertRejected(IllegalArgumentException.class, "a run inside", a -> a.put(0, 2 * GIANT_FRAMES, GIANT));
        assertRejected(IllegalArgumentException.class, "a run inside", a -> a.isFree(2 * GIANT_FRAMES, GIANT));
        assertRejected(IllegalArgumentException.class, "frame: -0x", a -> a.put(0, -GIANT_FRAMES, GIANT));
        assertRejected(IllegalArgumentException.class, "giant frame of order 18", a -> a.put(0, giant + 512, 9));
        assertRejected(IllegalArgumentException.class, "giant frame of order 18", a -> a.put(0, giant + 1024, 10));
        assertRejected(IllegalArgumentException.class, "giant frame of order 18", a -> a.put(0, giant + 77, 0));
        assertRejected(IllegalArgumentException.class, "giant frame of order 18", a -> a.put(0, giant + 128, 7));
        assertRejected(IllegalArgumentException.class, "smaller runs", a -> a.put(0, other, GIANT));
        for (int order = 11; order < GIANT; order++) {
            int o = order;
            assertRejected(IllegalArgumentException.class, "(expected: 0..10 or 18)", a -> a.put(0, 0, o));
            assertRejected(IllegalArgumentException.class, "(expected: 0..10 or 18)", a -> a.get(0, o, Kind.HUGE));
            assertRejected(IllegalArgumentException.class, "(expected: 0..10 or 18)", a -> a.isFree(0, o));
        }
        assertRejected(IllegalArgumentException.class, "order: 19", a -> a.get(0, 19, Kind.HUGE));
        allocator.put(0, giant, GIANT);
        assertRejected(DoubleFreeException.class, "double free: frame 0x" + Long.toHexString(giant) + " of order 18",
            a -> a.put(1, giant, GIANT));
        allocator.put(0, small, 0);
        assertRejected(DoubleFreeException.class, "double free", a -> a.put(1, other, GIANT));
    }

    /** No giant frame can be had (both regions are in use), and trying changes nothing. */
    private void assertRefused() {
        AllocatorSnapshot before = AllocatorSnapshot.of(allocator);
        assertEquals(FrameAllocator.NO_FRAME, allocator.get(0, GIANT, Kind.HUGE));
        assertEquals(before, AllocatorSnapshot.of(allocator), "a failed giant get changed the state");
        allocator.validate();
    }

    private <T extends Throwable> void assertRejected(Class<T> type, String messagePart, Consumer<FrameAllocator> call) {
        AllocatorSnapshot.assertRejected(allocator, type, messagePart, call);
    }
}
