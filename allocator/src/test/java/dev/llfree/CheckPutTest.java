package dev.llfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.core.upper.LLFreeAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code checkPut} refuses exactly what put would refuse, and changes nothing; the wrong orders it cannot see are
 * those {@link FrameAllocator}'s class documentation lists.
 */
class CheckPutTest {
    private static final long FRAMES = 2 * FrameAllocator.GIANT_FRAMES;
    private LLFreeAllocator allocator;
    private long small;
    private long order3;
    private long huge;
    private long pair;
    private long giant;

    @BeforeEach
    void allocate() {
        allocator = LLFreeAllocator.of(LLFree.volatileFrames(FRAMES).cores(1).build());
        giant = allocator.getOrThrow(0, FrameAllocator.GIANT_ORDER, Kind.MOVABLE);
        small = allocator.getOrThrow(0, 0, Kind.MOVABLE);
        order3 = allocator.getOrThrow(0, 3, Kind.MOVABLE);
        huge = allocator.getOrThrow(0, 9, Kind.HUGE);
        pair = allocator.getOrThrow(0, 10, Kind.HUGE);
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    @Test
    void shouldAcceptEveryRunWithItsOwnOrder() {
        long free = allocator.freeFrames();

        allocator.checkPut(small, 0);
        allocator.checkPut(order3, 3);
        allocator.checkPut(huge, 9);
        allocator.checkPut(pair, 10);
        allocator.checkPut(giant, FrameAllocator.GIANT_ORDER);

        assertEquals(free, allocator.freeFrames());
        allocator.validate();
    }

    @Test
    void shouldRefuseWhatPutRefusesAndChangeNothing() {
        long free = allocator.freeFrames();
        long freeFrame = small + 1; // single frames fill a tree upwards, runs from its top

        assertRefused(DoubleFreeException.class, () -> allocator.checkPut(freeFrame, 0), () -> allocator.put(0, freeFrame, 0));
        assertRefused(IllegalArgumentException.class, () -> allocator.checkPut(huge, 0), () -> allocator.put(0, huge, 0));
        assertRefused(IllegalArgumentException.class, () -> allocator.checkPut(pair, 9), () -> allocator.put(0, pair, 9));
        assertRefused(IllegalArgumentException.class, () -> allocator.checkPut(huge, 10), () -> allocator.put(0, huge, 10));
        assertRefused(IllegalArgumentException.class, () -> allocator.checkPut(order3, 4), () -> allocator.put(0, order3, 4));
        assertRefused(IllegalArgumentException.class, () -> allocator.checkPut(giant, 9), () -> allocator.put(0, giant, 9));
        long firstChild = small & -FrameAllocator.HUGE_FRAMES;
        assertRefused(IllegalArgumentException.class, () -> allocator.checkPut(firstChild, 9),
            () -> allocator.put(0, firstChild, 9));
        long secondRegion = FrameAllocator.GIANT_FRAMES - giant;
        assertRefused(IllegalArgumentException.class, () -> allocator.checkPut(secondRegion, FrameAllocator.GIANT_ORDER),
            () -> allocator.put(0, secondRegion, FrameAllocator.GIANT_ORDER));
        assertRefused(IllegalArgumentException.class, () -> allocator.checkPut(FRAMES, 0), () -> allocator.put(0, FRAMES, 0));

        assertEquals(free, allocator.freeFrames());
        allocator.validate();
    }

    /** The limit the documentation states: among orders 0..8 a smaller order over an allocated run passes. */
    @Test
    void shouldNotSeeASmallerOrderInsideASmallRun() {
        allocator.checkPut(order3, 0);
        allocator.checkPut(order3 + 4, 2);
    }

    private static void assertRefused(Class<? extends RuntimeException> type, Executable check, Executable put) {
        String checked = assertThrows(type, check).getMessage();
        String refused = assertThrows(type, put).getMessage();
        assertEquals(refused, checked);
        assertTrue(!checked.isEmpty());
    }
}
