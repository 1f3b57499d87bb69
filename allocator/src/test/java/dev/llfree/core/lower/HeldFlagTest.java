package dev.llfree.core.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.CorruptedAllocatorException;
import dev.llfree.FrameAllocator;
import dev.llfree.core.Geometry;
import dev.llfree.core.persist.VolatileMemory;
import dev.llfree.core.words.ChildEntry;
import dev.llfree.core.words.LowerLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The held flag of a child entry: codec transitions, and what get and put do with a held child. */
class HeldFlagTest {
    private static final long NEIGHBOURS = 0xABCD_1234_5678_9ABCL;
    private static final long FRAMES = 2L * Geometry.TREE_FRAMES;
    private static final int KIND = 1;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldMarkAndClearOnlyItsOwnSlot(int slot) {
        long word = ChildEntry.with(NEIGHBOURS, slot, ChildEntry.of(100));
        long marked = ChildEntry.hold(word, slot);
        assertTrue(ChildEntry.held(ChildEntry.get(marked, slot)));
        assertEquals(100, ChildEntry.free(ChildEntry.get(marked, slot)));
        for (int other = 0; other < ChildEntry.PER_LONG; other++) {
            if (other != slot) {
                assertEquals(ChildEntry.get(word, other), ChildEntry.get(marked, other), "slot " + other);
            }
        }
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.hold(marked, slot));
        assertEquals(word, ChildEntry.unhold(marked, slot, false));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.unhold(word, slot, false));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldRefuseTakesButAcceptGivesWhenMarked(int slot) {
        long free = ChildEntry.with(0, slot, ChildEntry.of(Geometry.CHILD_FRAMES));
        long marked = ChildEntry.hold(free, slot);
        assertFalse(ChildEntry.open(ChildEntry.get(marked, slot)));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.reserve(marked, slot, 0, 1, KIND));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.takeHuge(marked, slot, false, KIND));
        long partly = ChildEntry.hold(ChildEntry.with(0, slot, ChildEntry.of(7)), slot);
        long given = ChildEntry.give(partly, slot, 5, Geometry.CHILD_FRAMES);
        assertEquals(12, ChildEntry.free(ChildEntry.get(given, slot)));
        assertTrue(ChildEntry.held(ChildEntry.get(given, slot)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void shouldRefuseAPairWhenEitherHalfIsMarked(int slot) {
        int free = ChildEntry.of(Geometry.CHILD_FRAMES);
        long both = ChildEntry.with(ChildEntry.with(0, slot, free), slot + 1, free);
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.takeHuge(ChildEntry.hold(both, slot), slot, true, KIND));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.takeHuge(ChildEntry.hold(both, slot + 1), slot, true, KIND));
    }

    @Test
    void shouldNeverMarkAHugeChild() {
        long huge = ChildEntry.takeHuge(ChildEntry.of(Geometry.CHILD_FRAMES), 0, false, KIND);
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.hold(huge, 0));
        assertTrue(ChildEntry.decode(ChildEntry.get(ChildEntry.hold(ChildEntry.of(3), 0), 0)).held());
    }

    @Test
    void shouldSkipAMarkedChildOnGetAndStillFreeIntoIt() {
        Lower lower = newLower();
        long first = lower.search().get(0, 0, false, 0, 0);
        assertEquals(0, Geometry.childOf(first));
        assertTrue(lower.hold(0));
        assertFalse(lower.hold(0));
        assertEquals(1, Geometry.childOf(lower.search().get(0, 0, false, 0, 0)), "small get skips the marked child");
        assertEquals(FrameAllocator.NO_FRAME, lower.search().getInChild(0, 0, 0));
        lower.put(first, 0);
        assertEquals(ChildEntry.of(Geometry.CHILD_FRAMES) | ChildEntry.HELD_MASK, lower.childEntry(0));
        assertEquals(2, Geometry.childOf(lower.search().get(0, 0, false, Geometry.CHILD_ORDER, 2)), "huge get skips the wholly free marked child");
        lower.unhold(0);
        assertEquals(0, Geometry.childOf(lower.search().getInChild(0, 3, 0)));
        assertThrows(CorruptedAllocatorException.class, () -> lower.unhold(0));
    }

    @Test
    void shouldClearAStrayMarkOnRebuild() {
        Lower lower = newLower();
        lower.search().get(0, 0, false, 0, 0);
        lower.hold(0);
        assertTrue(lower.rebuildChild(0));
        assertEquals(ChildEntry.of(Geometry.CHILD_FRAMES - 1), lower.childEntry(0) & ~ChildEntry.KIND_MASK);
        assertEquals(0, ChildEntry.kind(lower.childEntry(0)), "the recorded kind stays");
        assertFalse(lower.rebuildChild(0));
    }

    @Test
    void shouldThrowAndWriteNothingWhenAPairHoldIsEndedButOnlyItsSecondChildIsHeld() {
        Lower lower = newLower();
        assertTrue(lower.childWords().holdFor(2, Geometry.MAX_ORDER), "children 2 and 3 held");
        lower.unhold(2); // a broken invariant: the first child's hold is gone
        long before = lower.childWords().word(2);
        assertThrows(CorruptedAllocatorException.class, () -> lower.childWords().unhold(2, true));
        assertEquals(before, lower.childWords().word(2), "the four entries of the long are unchanged");
        assertTrue(ChildEntry.held(lower.childEntry(3)));
    }

    private static Lower newLower() {
        Lower lower = new Lower(VolatileMemory.allocate(LowerLayout.bytes(FRAMES)), 0, FRAMES);
        lower.initialize();
        return lower;
    }
}
