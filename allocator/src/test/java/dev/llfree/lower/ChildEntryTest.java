package dev.llfree.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Kind;
import dev.llfree.internal.Geometry;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChildEntryTest {
    private static final long NEIGHBOURS = 0xABCD_1234_5678_9ABCL;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void shouldRoundTripEveryFieldAtMinAndMaxInEverySlot(int slot) {
        for (int free : new int[] {0, Geometry.CHILD_FRAMES}) {
            for (int flags : new int[] {0, ChildEntry.HUGE_MASK, ChildEntry.HUGE_MASK | ChildEntry.PAIR_MASK,
                ChildEntry.EVACUATING_MASK, ChildEntry.GIANT_MASK}) {
                int entry = ChildEntry.of(free) | flags;
                long word = ChildEntry.with(NEIGHBOURS, slot, entry);
                assertEquals(entry, ChildEntry.get(word, slot));
                assertEquals(free, ChildEntry.free(ChildEntry.get(word, slot)));
                assertEquals((flags & ChildEntry.HUGE_MASK) != 0, ChildEntry.huge(ChildEntry.get(word, slot)));
                assertEquals((flags & ChildEntry.PAIR_MASK) != 0, ChildEntry.pair(ChildEntry.get(word, slot)));
                assertEquals((flags & ChildEntry.EVACUATING_MASK) != 0, ChildEntry.evacuating(ChildEntry.get(word, slot)));
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
            assertEquals(ChildEntry.NO_UPDATE, ChildEntry.take(giant, slot, 1));
            assertEquals(ChildEntry.NO_UPDATE, ChildEntry.takeHuge(giant, slot, false));
            assertEquals(ChildEntry.NO_UPDATE, ChildEntry.give(giant, slot, 1, Geometry.CHILD_FRAMES));
            assertEquals(ChildEntry.NO_UPDATE, ChildEntry.markEvacuating(giant, slot));
            assertEquals(ChildEntry.NO_UPDATE, ChildEntry.putHuge(giant, slot, false));
        }
        assertEquals(free, ChildEntry.releaseGiant(giant));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.releaseGiant(free));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.markGiant(giant, kind));
        for (int slot = 0; slot < ChildEntry.PER_LONG; slot++) {
            assertEquals(ChildEntry.NO_UPDATE, ChildEntry.markGiant(ChildEntry.take(free, slot, 1), kind));
            assertEquals(ChildEntry.NO_UPDATE, ChildEntry.markGiant(ChildEntry.markEvacuating(free, slot), kind));
            assertEquals(ChildEntry.NO_UPDATE, ChildEntry.markGiant(ChildEntry.takeHuge(free, slot, false), kind));
            assertEquals(ChildEntry.NO_UPDATE, ChildEntry.releaseGiant(ChildEntry.with(giant, slot, ChildEntry.of(0))));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldTakeAndGiveWithinBoundsOnly(int slot) {
        long full = ChildEntry.with(NEIGHBOURS, slot, ChildEntry.of(Geometry.CHILD_FRAMES));
        long taken = ChildEntry.take(full, slot, Geometry.CHILD_FRAMES);
        assertEquals(0, ChildEntry.free(ChildEntry.get(taken, slot)));
        assertOtherSlotsUnchanged(taken, slot);
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.take(taken, slot, 1));
        assertEquals(full, ChildEntry.give(taken, slot, Geometry.CHILD_FRAMES, Geometry.CHILD_FRAMES));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.give(full, slot, 1, Geometry.CHILD_FRAMES));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.give(taken, slot, 10, 9));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldTakeHugeOnlyWhenWhollyFreeAndPutItBackInTwoStepsOnlyWithTheSameShape(int slot) {
        long full = ChildEntry.with(0, slot, ChildEntry.of(Geometry.CHILD_FRAMES));
        long huge = ChildEntry.takeHuge(full, slot, false);
        assertTrue(ChildEntry.huge(ChildEntry.get(huge, slot)));
        assertEquals(0, ChildEntry.free(ChildEntry.get(huge, slot)));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.takeHuge(huge, slot, false));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.take(huge, slot, 1));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.putHuge(huge, slot, true));
        long closed = ChildEntry.putHuge(huge, slot, false);
        assertEquals(ChildEntry.with(0, slot, ChildEntry.of(0)), closed, "flag gone, counter still 0");
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.takeHuge(closed, slot, false));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.take(closed, slot, 1));
        assertEquals(full, ChildEntry.give(closed, slot, Geometry.CHILD_FRAMES, Geometry.CHILD_FRAMES));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.putHuge(full, slot, false));
        long partial = ChildEntry.with(0, slot, ChildEntry.of(Geometry.CHILD_FRAMES - 1));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.takeHuge(partial, slot, false));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void shouldTakeAnOrder10PairInOneWordUpdate(int slot) {
        int free = ChildEntry.of(Geometry.CHILD_FRAMES);
        long both = ChildEntry.with(ChildEntry.with(NEIGHBOURS, slot, free), slot + 1, free);
        long pair = ChildEntry.takePair(both, slot);
        for (int s = slot; s <= slot + 1; s++) {
            assertTrue(ChildEntry.huge(ChildEntry.get(pair, s)));
            assertTrue(ChildEntry.pair(ChildEntry.get(pair, s)));
        }
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.putHuge(pair, slot, false));
        long closed = ChildEntry.putPair(pair, slot);
        assertEquals(ChildEntry.with(ChildEntry.with(NEIGHBOURS, slot, 0), slot + 1, 0), closed);
        int n = Geometry.CHILD_FRAMES;
        assertEquals(both, ChildEntry.give(ChildEntry.give(closed, slot, n, n), slot + 1, n, n));
        long half = ChildEntry.with(both, slot + 1, ChildEntry.of(1));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.takePair(half, slot));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldRecordTheKindUntilTheChildIsWhollyFreeAgain(int slot) {
        long full = ChildEntry.with(NEIGHBOURS, slot, ChildEntry.of(Geometry.CHILD_FRAMES));
        assertEquals(-1, ChildEntry.kind(ChildEntry.get(full, slot)));
        for (Kind kind : Kind.values()) {
            long taken = ChildEntry.withKind(ChildEntry.take(full, slot, 8), slot, kind.ordinal());
            assertEquals(kind.ordinal(), ChildEntry.kind(ChildEntry.get(taken, slot)));
            assertEquals(Geometry.CHILD_FRAMES - 8, ChildEntry.free(ChildEntry.get(taken, slot)));
            assertOtherSlotsUnchanged(taken, slot);
            long partly = ChildEntry.give(taken, slot, 4, Geometry.CHILD_FRAMES);
            assertEquals(kind.ordinal(), ChildEntry.kind(ChildEntry.get(partly, slot)), "kept while partly used");
            assertEquals(full, ChildEntry.give(partly, slot, 4, Geometry.CHILD_FRAMES), "forgotten when wholly free");
        }
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.withKind(ChildEntry.NO_UPDATE, slot, 0));
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
    void shouldMarkExclusivelyOnlyAChildThatCanServeTheRun(int slot) {
        long full = ChildEntry.with(0, slot, ChildEntry.of(Geometry.CHILD_FRAMES));
        long some = ChildEntry.with(0, slot, ChildEntry.of(5));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.markExclusive(some, slot, 3));
        long marked = ChildEntry.markExclusive(some, slot, 2);
        assertTrue(ChildEntry.evacuating(ChildEntry.get(marked, slot)));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.take(marked, slot, 1), "a marked child serves no plain get");
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.markExclusive(marked, slot, 0), "marked once only");
        assertEquals(1, ChildEntry.free(ChildEntry.get(ChildEntry.takeMarked(marked, slot, 4), slot)));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.takeMarked(some, slot, 1), "takeMarked needs the mark");
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.markExclusive(some, slot, Geometry.CHILD_ORDER));

        long hugeMarked = ChildEntry.markExclusive(full, slot, Geometry.CHILD_ORDER);
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.takeHuge(hugeMarked, slot, false), "no plain huge get either");
        int huge = ChildEntry.get(ChildEntry.takeHugeMarked(hugeMarked, slot, false), slot);
        assertTrue(ChildEntry.huge(huge) && !ChildEntry.evacuating(huge) && ChildEntry.free(huge) == 0);
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.takeHugeMarked(full, slot, false));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void shouldMarkAndTakeAnOrder10PairTogether(int slot) {
        long both = ChildEntry.with(ChildEntry.with(0, slot, ChildEntry.of(Geometry.CHILD_FRAMES)), slot + 1,
            ChildEntry.of(Geometry.CHILD_FRAMES));
        assertEquals(ChildEntry.NO_UPDATE, ChildEntry.markExclusive(ChildEntry.with(both, slot + 1, ChildEntry.of(511)), slot,
            Geometry.MAX_ORDER));
        long marked = ChildEntry.markExclusive(both, slot, Geometry.MAX_ORDER);
        assertTrue(ChildEntry.evacuating(ChildEntry.get(marked, slot)) && ChildEntry.evacuating(ChildEntry.get(marked, slot + 1)));
        long pair = ChildEntry.takeHugeMarked(ChildEntry.takeHugeMarked(marked, slot, true), slot + 1, true);
        assertEquals(ChildEntry.takePair(both, slot), pair);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8})
    void shouldFindTheOpenChildrenWithRoomFourAtATime(int order) {
        long seed = 0xC411_D000L + order;
        SplittableRandom random = new SplittableRandom(seed);
        int[] flags = {0, 0, 0, ChildEntry.HUGE_MASK, ChildEntry.EVACUATING_MASK, ChildEntry.GIANT_MASK, ChildEntry.KIND_MASK};
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
}
