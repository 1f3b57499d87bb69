package dev.llfree.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Kind;
import dev.llfree.internal.Geometry;
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
}
