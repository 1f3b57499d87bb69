package dev.llfree.core.words;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.CorruptedAllocatorException;
import dev.llfree.core.Geometry;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The owner of the child entries on its own: each transition through its one CAS loop, and its refusals. */
class ChildWordsTest {
    /** A tree and a partial child of 100 frames: children 0..32. */
    private static final long FRAMES = Geometry.TREE_FRAMES + 100;
    private static final int KIND = 2;
    private final Arena arena = Arena.ofConfined();
    private final ChildWords words = newWords();

    private ChildWords newWords() {
        ChildWords w = new ChildWords(arena.allocate(LowerLayout.childBytes(FRAMES), Geometry.CACHE_LINE), 0, FRAMES);
        w.initialize();
        return w;
    }

    @AfterEach
    void close() {
        arena.close();
    }

    @Test
    void shouldStartWithEveryChildWhollyFreeAndThePartialOneAtItsCapacity() {
        assertEquals(33, words.children());
        for (long c = 0; c < 32; c++) {
            assertEquals(ChildEntry.of(Geometry.CHILD_FRAMES), words.entry(c));
            assertTrue(ChildEntry.freeHuge(words.entry(c)));
        }
        assertEquals(100, words.capacity(32));
        assertEquals(ChildEntry.of(100), words.entry(32));
        assertEquals(words.lineOf(0), words.lineOf(31), "a tree's 32 entries share one line");
        assertEquals(words.lineOf(0) + Geometry.CACHE_LINE, words.lineOf(32));
    }

    @Test
    void shouldReserveRunsRecordTheKindAndReleaseThem() {
        assertEquals(3, words.reserve(5, 3, 3, KIND), "three runs of 8");
        assertEquals(ChildEntry.of(512 - 24), words.entry(5) & ~ChildEntry.KIND_MASK);
        assertEquals(KIND, ChildEntry.kind(words.entry(5)));
        assertEquals(ChildEntry.of(Geometry.CHILD_FRAMES), words.entry(4), "the neighbour in the long is untouched");
        words.release(5, 24);
        assertEquals(ChildEntry.of(Geometry.CHILD_FRAMES), words.entry(5), "wholly free again: the kind is forgotten");
        assertThrows(CorruptedAllocatorException.class, () -> words.release(5, 1));
        assertEquals(ChildEntry.of(Geometry.CHILD_FRAMES), words.entry(5), "a refused release writes nothing");
        assertEquals(0, words.reserve(32, 7, 1, KIND), "the partial child has no run of 128 frames");
    }

    @Test
    void shouldTakeAndFreeHugeFramesAndPairsInTwoSteps() {
        assertTrue(words.takeHuge(6, true, KIND));
        assertTrue(ChildEntry.huge(words.entry(6)) && ChildEntry.pair(words.entry(7)));
        assertFalse(words.takeHuge(6, false, KIND), "taken");
        assertFalse(words.clearHuge(6, false), "a pair is not cleared as a single huge frame");
        assertTrue(words.clearHuge(6, true));
        assertEquals(ChildEntry.of(0), words.entry(6), "flags gone, counters still 0");
        assertEquals(0, words.reserve(6, 0, 1, KIND), "no get before the release");
        words.releaseHuge(6, true);
        assertEquals(ChildEntry.of(Geometry.CHILD_FRAMES), words.entry(7));
        assertThrows(CorruptedAllocatorException.class, () -> words.releaseHuge(6, true));
    }

    @Test
    void shouldMarkAndReleaseGiantChildrenFourAtATime() {
        assertTrue(words.markGiant(8, KIND));
        for (long c = 8; c < 12; c++) {
            assertTrue(ChildEntry.giant(words.entry(c)));
        }
        assertFalse(words.markGiant(8, KIND));
        words.releaseGiant(8, "test");
        assertEquals(ChildEntry.of(Geometry.CHILD_FRAMES), words.entry(11));
        assertThrows(CorruptedAllocatorException.class, () -> words.releaseGiant(8, "test"));
        words.reserve(12, 0, 1, KIND);
        assertFalse(words.markGiant(12, KIND), "a used child fails the whole long");
    }

    @Test
    void shouldHoldChildrenAndLetOnlyTheHolderTakeFromThem() {
        assertTrue(words.hold(1));
        assertFalse(words.hold(1));
        assertEquals(0, words.reserve(1, 0, 1, KIND), "a held child serves no plain get");
        words.unhold(1, false);
        assertThrows(CorruptedAllocatorException.class, () -> words.unhold(1, false));
        assertTrue(words.mayHoldFor(2, 10));
        assertTrue(words.holdFor(2, 10));
        assertFalse(words.takeHuge(2, true, KIND));
        words.takeHugeHeld(2, true, KIND);
        assertTrue(ChildEntry.huge(words.entry(3)) && !ChildEntry.held(words.entry(3)), "the claim ends the hold");
        assertTrue(words.holdFor(13, 3));
        words.takeHeld(13, 8, KIND);
        assertEquals(504, ChildEntry.free(words.entry(13)));
        words.unhold(13, false);
    }

    @Test
    void shouldStoreEntriesForRecovery() {
        words.store(20, ChildEntry.HUGE_MASK);
        assertTrue(ChildEntry.huge(words.entry(20)));
        assertEquals(ChildEntry.of(Geometry.CHILD_FRAMES), words.entry(21));
    }

    @Test
    void shouldKeepTheSegmentRangeOfItsArea() {
        MemorySegment segment = arena.allocate(2 * LowerLayout.childBytes(FRAMES), Geometry.CACHE_LINE);
        ChildWords second = new ChildWords(segment, LowerLayout.childBytes(FRAMES), FRAMES);
        second.initialize();
        assertEquals(0, segment.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0), "nothing written before its offset");
        assertEquals(ChildEntry.of(Geometry.CHILD_FRAMES), second.entry(0));
    }
}
