package dev.llfree.core.words;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Kind;
import dev.llfree.core.Geometry;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChildEntryTest {
    private static final long NEIGHBOURS = 0xABCD_1234_5678_9ABCL;
    private static final int KIND = 1;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void shouldRoundTripEveryFieldAtMinAndMaxInEverySlot(int slot) {
        for (int free : new int[] {0, Geometry.CHILD_FRAMES}) {
            for (int flags : new int[] {0, ChildEntry.HUGE_MASK, ChildEntry.HUGE_MASK | ChildEntry.PAIR_MASK,
                ChildEntry.HELD_MASK, ChildEntry.GIANT_MASK}) {
                int entry = ChildEntry.of(free) | flags;
                long word = ChildEntry.with(NEIGHBOURS, slot, entry);
                assertEquals(entry, ChildEntry.get(word, slot));
                assertEquals(free, ChildEntry.free(ChildEntry.get(word, slot)));
                assertEquals((flags & ChildEntry.HUGE_MASK) != 0, ChildEntry.huge(ChildEntry.get(word, slot)));
                assertEquals((flags & ChildEntry.PAIR_MASK) != 0, ChildEntry.pair(ChildEntry.get(word, slot)));
                assertEquals((flags & ChildEntry.HELD_MASK) != 0, ChildEntry.held(ChildEntry.get(word, slot)));
                assertEquals((flags & ChildEntry.GIANT_MASK) != 0, ChildEntry.giant(ChildEntry.get(word, slot)));
                assertEquals(flags == 0, ChildEntry.open(ChildEntry.get(word, slot)));
                assertOtherSlotsUnchanged(word, slot);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void shouldMarkGiantOnlyFourWhollyFreeChildrenAndReleaseOnlyFourGiantOnes(int kind) {
        long free = 0;
        for (int slot = 0; slot < ChildEntry.PER_LONG; slot++) {
            free = ChildEntry.with(free, slot, ChildEntry.of(Geometry.CHILD_FRAMES));
        }
        long giant = ChildEntry.markGiant(free, kind);
        for (int slot = 0; slot < ChildEntry.PER_LONG; slot++) {
            int e = ChildEntry.get(giant, slot);
            assertTrue(ChildEntry.giant(e) && ChildEntry.whole(e) && !ChildEntry.open(e) && !ChildEntry.huge(e));
            assertEquals(0, ChildEntry.free(e));
            assertEquals(kind, ChildEntry.kind(e));
            assertEquals(ChildEntry.NO_UPDATE, ChildEntry.reserve(giant, slot, 0, 1, KIND));
            assertEquals(ChildEntry.NO_UPDATE, ChildEntry.takeHuge(giant, slot, false, KIND));
            assertEquals(ChildEntry.NO_UPDATE, ChildEntry.give(giant, slot, 1, Geometry.CHILD_FRAMES));
            assertEquals(ChildEntry.NO_UPDATE, ChildEntry.hold(giant, slot));
            assertEquals(ChildEntry.NO_UPDATE, ChildEntry.clearHuge(giant, slot, false));
        }
        assertEquals(free, ChildEntry.releaseGiant(giant));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.releaseGiant(free));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.markGiant(giant, kind));
        for (int slot = 0; slot < ChildEntry.PER_LONG; slot++) {
            assertEquals(ChildEntry.NO_UPDATE, ChildEntry.markGiant(ChildEntry.reserve(free, slot, 0, 1, KIND), kind));
            assertEquals(ChildEntry.NO_UPDATE, ChildEntry.markGiant(ChildEntry.hold(free, slot), kind));
            assertEquals(ChildEntry.NO_UPDATE, ChildEntry.markGiant(ChildEntry.takeHuge(free, slot, false, KIND), kind));
            assertEquals(ChildEntry.NO_UPDATE, ChildEntry.releaseGiant(ChildEntry.with(giant, slot, ChildEntry.of(0))));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldTakeAndGiveWithinBoundsOnly(int slot) {
        long full = ChildEntry.with(NEIGHBOURS, slot, ChildEntry.of(Geometry.CHILD_FRAMES));
        long taken = ChildEntry.reserve(full, slot, 0, Geometry.CHILD_FRAMES, KIND);
        assertEquals(0, ChildEntry.free(ChildEntry.get(taken, slot)));
        assertOtherSlotsUnchanged(taken, slot);
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.reserve(taken, slot, 0, 1, KIND));
        assertEquals(full, ChildEntry.give(taken, slot, Geometry.CHILD_FRAMES, Geometry.CHILD_FRAMES));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.give(full, slot, 1, Geometry.CHILD_FRAMES));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.give(taken, slot, 10, 9));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldTakeHugeOnlyWhenWhollyFreeAndPutItBackInTwoStepsOnlyWithTheSameShape(int slot) {
        long full = ChildEntry.with(0, slot, ChildEntry.of(Geometry.CHILD_FRAMES));
        long huge = ChildEntry.takeHuge(full, slot, false, KIND);
        assertTrue(ChildEntry.huge(ChildEntry.get(huge, slot)));
        assertEquals(0, ChildEntry.free(ChildEntry.get(huge, slot)));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.takeHuge(huge, slot, false, KIND));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.reserve(huge, slot, 0, 1, KIND));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.clearHuge(huge, slot, true));
        long closed = ChildEntry.clearHuge(huge, slot, false);
        assertEquals(ChildEntry.with(0, slot, ChildEntry.of(0)), closed, "flag gone, counter still 0");
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.takeHuge(closed, slot, false, KIND));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.reserve(closed, slot, 0, 1, KIND));
        assertEquals(full, ChildEntry.give(closed, slot, Geometry.CHILD_FRAMES, Geometry.CHILD_FRAMES));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.clearHuge(full, slot, false));
        long partial = ChildEntry.with(0, slot, ChildEntry.of(Geometry.CHILD_FRAMES - 1));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.takeHuge(partial, slot, false, KIND));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void shouldTakeAnOrder10PairInOneWordUpdate(int slot) {
        int free = ChildEntry.of(Geometry.CHILD_FRAMES);
        long both = ChildEntry.with(ChildEntry.with(NEIGHBOURS, slot, free), slot + 1, free);
        long pair = ChildEntry.takeHuge(both, slot, true, KIND);
        for (int s = slot; s <= slot + 1; s++) {
            assertTrue(ChildEntry.huge(ChildEntry.get(pair, s)));
            assertTrue(ChildEntry.pair(ChildEntry.get(pair, s)));
        }
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.clearHuge(pair, slot, false));
        long closed = ChildEntry.clearHuge(pair, slot, true);
        assertEquals(ChildEntry.with(ChildEntry.with(NEIGHBOURS, slot, 0), slot + 1, 0), closed);
        int n = Geometry.CHILD_FRAMES;
        assertEquals(both, ChildEntry.give(ChildEntry.give(closed, slot, n, n), slot + 1, n, n));
        long half = ChildEntry.with(both, slot + 1, ChildEntry.of(1));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.takeHuge(half, slot, true, KIND));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldRecordTheKindUntilTheChildIsWhollyFreeAgain(int slot) {
        long full = ChildEntry.with(NEIGHBOURS, slot, ChildEntry.of(Geometry.CHILD_FRAMES));
        assertEquals(-1, ChildEntry.kind(ChildEntry.get(full, slot)));
        for (Kind kind : Kind.values()) {
            long taken = ChildEntry.reserve(full, slot, 3, 1, kind.ordinal());
            assertEquals(kind.ordinal(), ChildEntry.kind(ChildEntry.get(taken, slot)));
            assertEquals(Geometry.CHILD_FRAMES - 8, ChildEntry.free(ChildEntry.get(taken, slot)));
            assertOtherSlotsUnchanged(taken, slot);
            long partly = ChildEntry.give(taken, slot, 4, Geometry.CHILD_FRAMES);
            assertEquals(kind.ordinal(), ChildEntry.kind(ChildEntry.get(partly, slot)), "kept while partly used");
            assertEquals(full, ChildEntry.give(partly, slot, 4, Geometry.CHILD_FRAMES), "forgotten when wholly free");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldDecodeForMessages(int slot) {
        int entry = ChildEntry.of(7) | ChildEntry.HUGE_MASK;
        ChildEntry.View view = ChildEntry.decode(entry);
        assertEquals(7, view.free());
        assertTrue(view.huge());
        assertFalse(view.pair());
        assertEquals(slot, ChildEntry.slot(4L * 1000 + slot));
    }

    private static void assertOtherSlotsUnchanged(long word, int slot) {
        for (int other = 0; other < ChildEntry.PER_LONG; other++) {
            if (other != slot) {
                assertEquals(ChildEntry.get(NEIGHBOURS, other), ChildEntry.get(word, other), "slot " + other);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldHoldForARunOnlyAChildThatCanServeIt(int slot) {
        long full = ChildEntry.with(0, slot, ChildEntry.of(Geometry.CHILD_FRAMES));
        long some = ChildEntry.with(0, slot, ChildEntry.of(5));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.holdFor(some, slot, 3));
        long marked = ChildEntry.holdFor(some, slot, 2);
        assertTrue(ChildEntry.held(ChildEntry.get(marked, slot)));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.reserve(marked, slot, 0, 1, KIND), "a held child serves no plain get");
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.holdFor(marked, slot, 0), "marked once only");
        assertEquals(1, ChildEntry.free(ChildEntry.get(ChildEntry.takeHeld(marked, slot, 4, KIND), slot)));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.takeHeld(some, slot, 1, KIND), "takeHeld needs the hold");
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.holdFor(some, slot, Geometry.CHILD_ORDER));

        long hugeMarked = ChildEntry.holdFor(full, slot, Geometry.CHILD_ORDER);
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.takeHuge(hugeMarked, slot, false, KIND), "no plain huge get either");
        int huge = ChildEntry.get(ChildEntry.takeHugeHeld(hugeMarked, slot, false, KIND), slot);
        assertTrue(ChildEntry.huge(huge) && !ChildEntry.held(huge) && ChildEntry.free(huge) == 0);
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.takeHugeHeld(full, slot, false, KIND));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void shouldHoldAndTakeAnOrder10PairTogether(int slot) {
        long both = ChildEntry.with(ChildEntry.with(0, slot, ChildEntry.of(Geometry.CHILD_FRAMES)), slot + 1,
            ChildEntry.of(Geometry.CHILD_FRAMES));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.holdFor(ChildEntry.with(both, slot + 1, ChildEntry.of(511)), slot,
            Geometry.MAX_ORDER));
        long marked = ChildEntry.holdFor(both, slot, Geometry.MAX_ORDER);
        assertTrue(ChildEntry.held(ChildEntry.get(marked, slot)) && ChildEntry.held(ChildEntry.get(marked, slot + 1)));
        long pair = ChildEntry.takeHugeHeld(marked, slot, true, KIND);
        assertEquals(ChildEntry.takeHuge(both, slot, true, KIND), pair);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8})
    void shouldFindTheOpenChildrenWithRoomFourAtATime(int order) {
        long seed = 0xC411_D000L + order;
        SplittableRandom random = new SplittableRandom(seed);
        int[] flags = {0, 0, 0, ChildEntry.HUGE_MASK, ChildEntry.HELD_MASK, ChildEntry.GIANT_MASK, ChildEntry.KIND_MASK};
        for (int i = 0; i < 20_000; i++) {
            long word = 0;
            long expected = 0;
            for (int slot = 0; slot < ChildEntry.PER_LONG; slot++) {
                int free = random.nextBoolean() ? random.nextInt(Geometry.CHILD_FRAMES + 1) : random.nextInt(1 << order + 1);
                int entry = ChildEntry.of(free) | flags[random.nextInt(flags.length)];
                word = ChildEntry.with(word, slot, entry);
                if (ChildEntry.open(entry) && free >= 1 << order) {
                    expected |= 1L << (slot * ChildEntry.BITS + ChildEntry.BITS - 1);
                }
            }
            assertEquals(expected, ChildEntry.openWithRoom(word, order), "word " + Long.toHexString(word) + " seed " + seed);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void shouldStopEveryChainOfTransitionsAtNoUpdate(int slot) {
        long no = ChildEntry.NO_UPDATE;
        int n = Geometry.CHILD_FRAMES;
        assertEquals(no, ChildEntry.reserve(no, slot, 0, 1, KIND));
        assertEquals(no, ChildEntry.give(no, slot, 1, n));
        assertEquals(no, ChildEntry.takeHuge(no, slot, false, KIND));
        assertEquals(no, ChildEntry.takeHuge(no, slot, true, KIND));
        assertEquals(no, ChildEntry.clearHuge(no, slot, false));
        assertEquals(no, ChildEntry.clearHuge(no, slot, true));
        assertEquals(no, ChildEntry.giveHuge(no, slot, false));
        assertEquals(no, ChildEntry.giveHuge(no, slot, true));
        assertEquals(no, ChildEntry.markGiant(no, KIND));
        assertEquals(no, ChildEntry.releaseGiant(no));
        assertEquals(no, ChildEntry.hold(no, slot));
        assertEquals(no, ChildEntry.unhold(no, slot, false));
        assertEquals(no, ChildEntry.unhold(no, slot, true));
        for (int order = 0; order <= Geometry.MAX_ORDER; order++) {
            assertEquals(no, ChildEntry.holdFor(no, slot, order), "holdFor order " + order);
        }
        assertEquals(no, ChildEntry.takeHeld(no, slot, 1, KIND));
        assertEquals(no, ChildEntry.takeHugeHeld(no, slot, false, KIND));
        assertEquals(no, ChildEntry.takeHugeHeld(no, slot, true, KIND));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void shouldRefuseToEndAPairHoldWhenOnlyTheSecondChildIsHeld(int slot) {
        long secondHeld = ChildEntry.hold(ChildEntry.with(0, slot + 1, ChildEntry.of(Geometry.CHILD_FRAMES)), slot + 1);
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.unhold(secondHeld, slot, true),
            "the first child is not held: the chain stops there instead of rewriting the second from a sentinel");
        long firstHeld = ChildEntry.hold(ChildEntry.with(0, slot, ChildEntry.of(Geometry.CHILD_FRAMES)), slot);
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.unhold(firstHeld, slot, true));
    }
}
