package dev.llfree.core.words;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.FrameAllocator;
import dev.llfree.core.Geometry;
import java.lang.foreign.Arena;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The owner of the bitfield rows on its own: claims, known runs of every small order, and the plain stores. */
class RowsTest {
    /** Two children and a partial third of 100 frames. */
    private static final long FRAMES = 2L * Geometry.CHILD_FRAMES + 100;
    private final Arena arena = Arena.ofConfined();
    private final Rows rows = new Rows(arena.allocate(LowerLayout.bitfieldBytes(FRAMES), Geometry.CACHE_LINE), 0, FRAMES);

    @AfterEach
    void close() {
        arena.close();
    }

    @Test
    void shouldStartFreeButForTheFramesPastTheEnd() {
        rows.initialize(FRAMES);
        assertEquals(0, rows.allocated(0));
        assertEquals(Geometry.CHILD_FRAMES - 100, rows.allocated(2), "frames 100..511 of the partial child are set");
        assertEquals(rows.lineOf(1) - rows.lineOf(0), Geometry.ROW_BYTES);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 6, 7, 8})
    void shouldSetAndClearAKnownRunOnlyWhenItIsAllClearOrAllSet(int order) {
        rows.initialize(FRAMES);
        long frame = 3L << order;
        assertTrue(rows.set(frame, order));
        assertEquals(1 << order, rows.allocated(frame, order));
        assertFalse(rows.set(frame, order), "set twice");
        assertTrue(rows.clear(frame, order));
        assertEquals(0, rows.allocated(frame, order));
        assertFalse(rows.clear(frame, order), "cleared twice: a double free writes nothing");
        assertEquals(0, rows.allocated(0));
    }

    @Test
    void shouldClaimTheLowestOrTheHighestRunsOfAWord() {
        rows.initialize(FRAMES);
        assertEquals(0b111, rows.claim(0, 0, 3, false), "the lowest three frames");
        assertEquals(0xFFL << 56, rows.claim(0, 3, 1, true), "the highest run of 8");
        assertEquals(0xFFL << 48, rows.claim(0, 3, 1, true));
        assertEquals(0, rows.claim(0, 6, 1, false), "no whole word is free any more");
        assertEquals(3 + 16, rows.allocated(0));
    }

    @Test
    void shouldClaimWholeWordGroupsAndFindFreeRunsWithoutClaiming() {
        rows.initialize(FRAMES);
        assertEquals(0, rows.claimWords(0, 8), "four words from the row's start");
        assertEquals(256, rows.claimWords(0, 8));
        assertEquals(FrameAllocator.NO_FRAME, rows.claimWords(0, 7), "the row is full");
        assertEquals(512, rows.firstFree(1, 4));
        rows.set(512, 4);
        assertEquals(512 + 16, rows.firstFree(1, 4), "read only: the search claims nothing");
        assertEquals(512 + 16, rows.firstFree(1, 4));
        assertEquals(FrameAllocator.NO_FRAME, rows.firstFree(2, 7), "the partial child has no free group of 2 words");
    }

    @Test
    void shouldStoreRowsAndEraseRunsForRecovery() {
        rows.initialize(FRAMES);
        long[] words = {1, 2, 3, 4, 5, 6, 7, -1L};
        rows.store(1, words, 0);
        assertEquals(1 + 1 + 2 + 1 + 2 + 2 + 3 + 64, rows.allocated(1));
        rows.erase(512 + 7 * 64, 6);
        assertEquals(12, rows.allocated(1));
        rows.erase(512, 8);
        assertEquals(2 + 2 + 3, rows.allocated(1), "the lower half of the row is erased");
        rows.erase(512 + 256, 8);
        assertEquals(0, rows.allocated(1));
    }
}
