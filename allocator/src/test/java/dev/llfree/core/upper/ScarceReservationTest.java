package dev.llfree.core.upper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.core.Geometry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reservations when memory is nearly full: only remainders are left, so reservations take the next one
 * they meet, until a tree becomes a preferred candidate again (partly used with enough free frames, or
 * wholly free); the next reservation then takes that tree.
 */
class ScarceReservationTest {
    private static final int TREES = 4;
    private static final int REMAINDER = 10;
    private LLFreeAllocator allocator;

    @BeforeEach
    void fillAllButRemainders() {
        allocator = (LLFreeAllocator) LLFree.volatileFrames(TREES * Geometry.TREE_FRAMES).cores(1).build();
        while (allocator.get(0, 0, Kind.MOVABLE) >= 0) {
            // every frame
        }
        for (int t = 0; t < TREES; t++) {
            putFrames(t, 0, REMAINDER);
        }
        allocator.drain();
    }

    @AfterEach
    void close() {
        allocator.validate();
        allocator.close();
    }

    @Test
    void shouldGoFromRemainderToRemainderWhileNothingBetterIsFree() {
        for (int t = 0; t < TREES; t++) {
            for (int i = 0; i < REMAINDER; i++) {
                assertEquals(t, Geometry.treeOf(allocator.getOrThrow(0, 0, Kind.MOVABLE)), "get " + i + " of tree " + t);
            }
        }
    }

    @Test
    void shouldReserveATreeThatGotEnoughFramesBackBeforeTheNextRemainder() {
        assertEquals(0, Geometry.treeOf(allocator.getOrThrow(0, 0, Kind.MOVABLE)), "a remainder: nothing better");
        int partial = TREES - 1;
        putFrames(partial, 1000, (int) Trees.PARTIAL_MIN);
        for (int i = 1; i < REMAINDER; i++) {
            assertEquals(0, Geometry.treeOf(allocator.getOrThrow(0, 0, Kind.MOVABLE)));
        }
        assertEquals(partial, Geometry.treeOf(allocator.getOrThrow(0, 0, Kind.MOVABLE)),
            "the tree with enough frames, not the next remainder");
    }

    @Test
    void shouldReserveATreeThatBecameWhollyFree() {
        assertEquals(0, Geometry.treeOf(allocator.getOrThrow(0, 0, Kind.MOVABLE)));
        int whole = 2;
        putFrames(whole, REMAINDER, Geometry.TREE_FRAMES - REMAINDER);
        for (int i = 1; i < REMAINDER; i++) {
            allocator.getOrThrow(0, 0, Kind.MOVABLE);
        }
        long next = allocator.getOrThrow(0, 0, Kind.MOVABLE);
        assertEquals(whole, Geometry.treeOf(next), "the wholly free tree, not the next remainder");
    }

    /** Puts {@code count} single frames of tree {@code t}, from its frame {@code from}. */
    private void putFrames(int t, int from, int count) {
        for (int i = from; i < from + count; i++) {
            allocator.put(0, Geometry.firstFrameOfTree(t) + i, 0);
        }
    }
}
