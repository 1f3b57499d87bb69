package dev.llfree.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Kind;
import dev.llfree.core.Geometry;
import org.junit.jupiter.api.Test;

class LowerBoundTest {
    @Test
    void shouldSumTheSmallestOccupanciesOfChildrenThatCanBeEmptied() {
        int[] occupancy = {10, 100, 500, 0, 1};
        try (OwnedMemory m = new OwnedMemory(Geometry.TREE_FRAMES, 1)) {
            int[] kept = new int[occupancy.length];
            for (int h = 0; h < occupancy.length * Geometry.CHILD_FRAMES; h++) {
                assertTrue(m.get(h, 0, Kind.MOVABLE));
            }
            for (int h = 0; h < occupancy.length * Geometry.CHILD_FRAMES; h++) {
                int c = (int) Geometry.childOf(m.table.frame(h));
                if (kept[c] < occupancy[c]) {
                    kept[c]++;
                    m.table.pin(h, c == 4);
                } else {
                    m.table.put(0, h);
                }
            }
            LowerBound bound = LowerBound.of(m.allocator, m.table);
            assertEquals(3, bound.emptiable(), "child 4 holds a pinned frame, child 3 is free");
            assertEquals(502 + 412 + 12 + 511, bound.room());
            assertEquals(2, bound.clearable(), bound.toString());
            assertEquals(0, bound.moves(0));
            assertEquals(10, bound.moves(1));
            assertEquals(110, bound.moves(2));
            assertEquals(110, bound.moves(3), "capped at clearable");
            m.check();
        }
    }

    @Test
    void shouldCountNoRoomInTreesThatServeFixedFrames() {
        try (OwnedMemory m = new OwnedMemory(2L * Geometry.TREE_FRAMES, 1)) {
            int handle = 0;
            for (Kind kind : new Kind[] {Kind.MOVABLE, Kind.FIXED}) { // one tree each: two reservations
                for (int i = 0; i < 2 * Geometry.CHILD_FRAMES; i++) {
                    assertTrue(m.get(handle++, 0, kind));
                }
            }
            for (int h = 0; h < handle; h += 4) { // a quarter of each child freed
                m.table.put(0, h);
            }
            long movableTree = Geometry.treeOf(m.table.frame(1));
            long fixedTree = Geometry.treeOf(m.table.frame(2 * Geometry.CHILD_FRAMES + 1));
            assertTrue(movableTree != fixedTree, "the kinds reserved different trees");
            LowerBound bound = LowerBound.of(m.allocator, m.table);
            assertEquals(2, bound.emptiable(), "the movable tree's children; the fixed ones are pinned");
            assertEquals(2 * 128, bound.room(), "the fixed tree's holes take no moved frames");
            assertEquals(0, bound.clearable());
            m.check();
        }
    }
}
