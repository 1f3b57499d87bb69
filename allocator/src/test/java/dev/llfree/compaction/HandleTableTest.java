package dev.llfree.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.core.Geometry;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

class HandleTableTest {
    private static final long FRAMES = Geometry.TREE_FRAMES;

    /**
     * The interleaving the stress test once hit, scripted: an owner gets a run and writes its content while
     * compaction moves the run and frees its first frame, which another owner gets and tags. Written after
     * the get, the first owner's tag landed in the second owner's frame; written by the fill, it lands
     * before any move can see the run.
     */
    @Test
    void shouldHideARunFromMovesWhileItsOwnerFillsIt() {
        try (FrameAllocator allocator = LLFree.volatileFrames(FRAMES).cores(1).build()) {
            AtomicLongArray content = new AtomicLongArray(Math.toIntExact(FRAMES));
            HandleTable table = new HandleTable(allocator, 4, (from, to, order) -> content.set((int) to, content.get((int) from)));
            long to = allocator.get(0, 0, Kind.MOVABLE);
            assertTrue(table.get(0, 0, 0, Kind.MOVABLE, frame -> {
                assertEquals(Migrator.UNKNOWN, table.order(frame));
                assertSame(Migrator.Outcome.GONE, table.move(frame, to, 0)); // nothing copied, `frame` not handed over
                content.set((int) frame, 1);
            }));
            long from = table.frame(0);
            assertSame(Migrator.Outcome.MOVED, table.move(from, to, 0));
            allocator.put(0, from, 0); // the compactor frees the source
            assertTrue(table.get(0, 1, 0, Kind.MOVABLE, frame -> content.set((int) frame, 2)));

            assertEquals(to, table.frame(0));
            assertEquals(1, content.get((int) table.frame(0)));
            assertEquals(2, content.get((int) table.frame(1)));
            assertEquals(FRAMES - 2, allocator.freeFrames());
            allocator.validate();
        }
    }

    @Test
    void shouldPutTheRunBackWhenTheFillThrows() {
        try (FrameAllocator allocator = LLFree.volatileFrames(FRAMES).cores(1).build()) {
            HandleTable table = new HandleTable(allocator, 4, (from, to, order) -> { });
            IllegalStateException thrown = new IllegalStateException("fill");
            assertSame(thrown, assertThrows(IllegalStateException.class, () -> table.get(0, 0, 3, Kind.MOVABLE, frame -> {
                throw thrown;
            })));
            assertEquals(HandleTable.NONE, table.frame(0));
            assertEquals(FRAMES, allocator.freeFrames());
            allocator.validate();
        }
    }

    @Test
    void shouldRefuseAFullOrOutOfRangeHandleBeforeAllocating() {
        try (FrameAllocator allocator = LLFree.volatileFrames(FRAMES).cores(1).build()) {
            HandleTable table = new HandleTable(allocator, 2, (from, to, order) -> { });
            assertTrue(table.get(0, 0, 0, Kind.MOVABLE));
            long held = table.frame(0);

            assertThrows(IllegalStateException.class, () -> table.get(0, 0, 0, Kind.MOVABLE));
            assertThrows(IndexOutOfBoundsException.class, () -> table.get(0, 2, 0, Kind.MOVABLE));
            assertThrows(IndexOutOfBoundsException.class, () -> table.get(0, -1, 0, Kind.MOVABLE));

            assertEquals(held, table.frame(0));
            assertEquals(FRAMES - 1, allocator.freeFrames());
            allocator.validate();
        }
    }
}
