package dev.llfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every kind of bad input is rejected with a message naming the frame, and changes nothing. */
class BadInputTest {
    private static final long FRAMES = 16384 + 4 * 512 + 3;
    private FrameAllocator allocator;
    private long small;
    private long order3;
    private long huge;
    private long pair;
    private long order7;

    @BeforeEach
    void allocateOneRunOfEachShape() {
        allocator = LLFree.volatileFrames(FRAMES).cores(2).build();
        small = allocator.getOrThrow(0, 0, Kind.MOVABLE);
        order3 = allocator.getOrThrow(0, 3, Kind.MOVABLE);
        order7 = allocator.getOrThrow(0, 7, Kind.MOVABLE);
        huge = allocator.getOrThrow(1, 9, Kind.HUGE);
        pair = allocator.getOrThrow(1, 10, Kind.HUGE);
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    @Test
    void shouldRejectOrdersOutOfRange() {
        assertRejected(IllegalArgumentException.class, "order: 11", a -> a.get(0, 11, Kind.MOVABLE));
        assertRejected(IllegalArgumentException.class, "order: -1", a -> a.get(0, -1, Kind.MOVABLE));
        assertRejected(IllegalArgumentException.class, "order: 11", a -> a.put(0, 0, 11));
        assertRejected(IllegalArgumentException.class, "order: 11", a -> a.isFree(0, 11));
        assertRejected(IllegalArgumentException.class, "order: 12",
            a -> a.getBatch(0, 12, Kind.MOVABLE, new long[4], 0, 4));
    }

    @Test
    void shouldRejectKindOrdinalsOutOfRange() {
        assertEquals(Kind.HUGE, Kind.of(Kind.COUNT - 1));
        assertThrows(IllegalArgumentException.class, () -> Kind.of(Kind.COUNT));
        assertThrows(IllegalArgumentException.class, () -> Kind.of(-1));
    }

    @Test
    void shouldRejectFramesOutOfRangeOrMisaligned() {
        assertRejected(IllegalArgumentException.class, "frame: 0x" + Long.toHexString(FRAMES), a -> a.put(0, FRAMES, 0));
        assertRejected(IllegalArgumentException.class, "frame: -0x1", a -> a.put(0, -1, 0));
        assertRejected(IllegalArgumentException.class, "aligned to order 3", a -> a.put(0, order3 + 1, 3));
        assertRejected(IllegalArgumentException.class, "aligned to order 9", a -> a.put(0, huge + 8, 9));
        assertRejected(IllegalArgumentException.class, "frame: 0x4800", a -> a.put(0, 16384 + 4 * 512, 9));
        assertRejected(IllegalArgumentException.class, "frame: 0x" + Long.toHexString(FRAMES), a -> a.isFree(FRAMES, 0));
    }

    @Test
    void shouldReportDoubleFreesNamingTheFrame() {
        long free = allocator.getOrThrow(0, 0, Kind.MOVABLE);
        allocator.put(0, free, 0);
        assertRejected(DoubleFreeException.class, "0x" + Long.toHexString(free), a -> a.put(0, free, 0));
        long freeHuge = allocator.getOrThrow(0, 9, Kind.HUGE);
        allocator.put(0, freeHuge, 9);
        assertRejected(DoubleFreeException.class, "double free", a -> a.put(1, freeHuge, 9));
        long freePair = allocator.getOrThrow(0, 10, Kind.HUGE);
        allocator.put(0, freePair, 10);
        assertRejected(DoubleFreeException.class, "double free", a -> a.put(1, freePair, 10));
        long free7 = allocator.getOrThrow(0, 7, Kind.MOVABLE);
        allocator.put(0, free7, 7);
        assertRejected(DoubleFreeException.class, "double free", a -> a.put(1, free7, 7));
    }

    @Test
    void shouldRejectPutsWithTheWrongOrder() {
        assertRejected(IllegalArgumentException.class, "not allocated with order 1", a -> a.put(0, small, 1));
        assertRejected(IllegalArgumentException.class, "not allocated with order 4", a -> a.put(0, order3 & ~15L, 4));
        assertRejected(IllegalArgumentException.class, "huge frame of order 9", a -> a.put(0, huge, 0));
        assertRejected(IllegalArgumentException.class, "huge frame of order 9", a -> a.put(0, huge, 10));
        assertRejected(IllegalArgumentException.class, "huge frame of order 10", a -> a.put(0, pair, 9));
        assertRejected(IllegalArgumentException.class, "huge frame of order 10", a -> a.put(0, pair + 512, 3));
        assertRejected(IllegalArgumentException.class, "smaller runs", a -> a.put(0, small & ~511L, 9));
        assertRejected(IllegalArgumentException.class, "not allocated with order 8", a -> a.put(0, order7 & ~255L, 8));
    }

    @Test
    void shouldRejectBadBatchesBeforeFreeingAnything() {
        long[] frames = {small, order3, FRAMES};
        assertRejected(IllegalArgumentException.class, "frame: 0x", a -> a.putBatch(0, 0, frames, 0, 3));
        assertRejected(IllegalArgumentException.class, "array range", a -> a.putBatch(0, 0, frames, 2, 5));
        assertRejected(IllegalArgumentException.class, "array range",
            a -> a.getBatch(0, 0, Kind.MOVABLE, new long[2], -1, 1));
    }

    @Test
    void shouldFreeTheRunsBeforeADoubleFreeInABatchAndNameItsIndex() {
        long a = allocator.getOrThrow(0, 0, Kind.MOVABLE);
        long b = allocator.getOrThrow(0, 0, Kind.MOVABLE);
        allocator.put(0, b, 0);
        DoubleFreeException e = assertThrows(DoubleFreeException.class,
            () -> allocator.putBatch(0, 0, new long[] {a, b, small}, 0, 3));
        assertTrue(e.getMessage().contains("array index 1"), e.getMessage());
        assertTrue(allocator.isFree(a, 0));
        assertTrue(!allocator.isFree(small, 0));
        allocator.validate();
    }

    private <T extends Throwable> void assertRejected(Class<T> type, String messagePart, Consumer<FrameAllocator> call) {
        AllocatorSnapshot.assertRejected(allocator, type, messagePart, call);
    }
}
