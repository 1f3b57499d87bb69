package dev.llfree.core.upper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Kind;
import dev.llfree.core.Geometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EntryCodecTest {
    private static final long MAX_TREE = Geometry.trees(Geometry.MAX_FRAMES) - 1;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldRoundTripTreeEntryFieldsAtMinAndMax(Kind kind) {
        for (long free : new long[] {0, Geometry.TREE_FRAMES, (1L << TreeEntry.FREE_BITS) - 1}) {
            for (boolean reserved : new boolean[] {false, true}) {
                long e = TreeEntry.of(free, reserved, kind.ordinal()) | -TreeEntry.VERSION_ONE;
                assertTrue(e != TreeEntry.NO_UPDATE, "never the sentinel");
                assertEquals(free, TreeEntry.free(e));
                assertEquals(reserved, TreeEntry.reserved(e));
                assertEquals(kind.ordinal(), TreeEntry.kind(e));
                assertEquals(new TreeEntry.View(free, reserved, kind), TreeEntry.decode(e));
            }
        }
    }

    @Test
    void shouldReserveTakeAndUnreserveTreeEntriesKeepingTheirCount() {
        long e = TreeEntry.of(100, false, Kind.MOVABLE.ordinal());
        assertEquals(TreeEntry.NO_UPDATE, TreeEntry.reserve(e, Kind.FIXED.ordinal(), 101));
        long reserved = TreeEntry.reserve(e, Kind.FIXED.ordinal(), 100);
        assertEquals(TreeEntry.of(100, true, Kind.FIXED.ordinal()), reserved);
        assertEquals(TreeEntry.NO_UPDATE, TreeEntry.reserve(reserved, Kind.FIXED.ordinal(), 0));
        assertEquals(TreeEntry.of(100, false, Kind.FIXED.ordinal()), TreeEntry.unreserve(reserved));
        assertEquals(TreeEntry.NO_UPDATE, TreeEntry.unreserve(e));
        assertEquals(TreeEntry.of(0, false, 0), TreeEntry.take(e, 100));
        long versioned = reserved + 5 * TreeEntry.VERSION_ONE;
        assertEquals(5, TreeEntry.version(versioned));
        assertEquals(5, TreeEntry.version(TreeEntry.unreserve(versioned)));
        assertEquals(5, TreeEntry.version(TreeEntry.reserve(TreeEntry.unreserve(versioned), Kind.HUGE.ordinal(), 1)));
        assertEquals(0, TreeEntry.version(-TreeEntry.VERSION_ONE + TreeEntry.VERSION_ONE), "the version wraps");
        assertEquals(TreeEntry.NO_UPDATE, TreeEntry.take(e, 101));
        assertEquals(TreeEntry.of(70, true, Kind.FIXED.ordinal()), TreeEntry.take(reserved, 30));
    }

    @Test
    void shouldTakeWholeOnlyAWhollyFreeTreeAndKeepItsReservation() {
        long free = TreeEntry.of(Geometry.TREE_FRAMES, false, Kind.MOVABLE.ordinal()) + 5 * TreeEntry.VERSION_ONE;
        long taken = TreeEntry.takeWhole(free, Geometry.TREE_FRAMES, Kind.HUGE.ordinal());
        assertEquals(TreeEntry.of(0, false, Kind.HUGE.ordinal()) + 5 * TreeEntry.VERSION_ONE, taken);
        assertEquals(TreeEntry.NO_UPDATE, TreeEntry.reserve(taken, Kind.HUGE.ordinal(), 1));
        assertEquals(TreeEntry.NO_UPDATE, TreeEntry.take(taken, 1));
        assertEquals(TreeEntry.NO_UPDATE, TreeEntry.takeWhole(taken, Geometry.TREE_FRAMES, 0));
        assertEquals(TreeEntry.NO_UPDATE, TreeEntry.takeWhole(TreeEntry.take(free, 1), Geometry.TREE_FRAMES, 0));
        long reserved = TreeEntry.reserve(free, Kind.MOVABLE.ordinal(), 1);
        long takenReserved = TreeEntry.takeWhole(reserved, Geometry.TREE_FRAMES, Kind.HUGE.ordinal());
        assertEquals(TreeEntry.of(0, true, Kind.HUGE.ordinal()) + 5 * TreeEntry.VERSION_ONE, takenReserved);
        assertEquals(TreeEntry.NO_UPDATE, TreeEntry.take(takenReserved, 1), "its core finds no frames");
        assertEquals(taken, TreeEntry.unreserve(takenReserved), "and can let it go");
    }

    @Test
    void shouldTakeAsManyRunsAsFitUpToTheLimit() {
        long e = TreeEntry.of(100, true, Kind.HUGE.ordinal());
        assertEquals(TreeEntry.of(100 - 12 * 8, true, Kind.HUGE.ordinal()), TreeEntry.takeRuns(e, 3, 1000));
        assertEquals(TreeEntry.of(95, true, Kind.HUGE.ordinal()), TreeEntry.takeRuns(e, 0, 5));
        assertEquals(TreeEntry.NO_UPDATE, TreeEntry.takeRuns(e, 7, 1));
        assertEquals(TreeEntry.NO_UPDATE, TreeEntry.takeRuns(TreeEntry.of(0, false, 0), 0, 1));
    }

    @Test
    void shouldRoundTripLocalEntryFieldsAtMinAndMax() {
        for (long tree : new long[] {0, MAX_TREE}) {
            long e = LocalEntry.of(tree);
            assertTrue(e >= 0, "bit 63 stays clear");
            assertTrue(LocalEntry.present(e));
            assertEquals(tree, LocalEntry.tree(e));
        }
        assertFalse(LocalEntry.present(LocalEntry.EMPTY));
    }
}
