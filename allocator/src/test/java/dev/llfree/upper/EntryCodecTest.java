package dev.llfree.upper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Kind;
import dev.llfree.internal.Geometry;
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
                long e = TreeEntry.of(free, reserved, kind.ordinal());
                assertTrue(e >= 0, "bit 63 stays clear");
                assertEquals(free, TreeEntry.free(e));
                assertEquals(reserved, TreeEntry.reserved(e));
                assertEquals(kind.ordinal(), TreeEntry.kind(e));
                assertEquals(new TreeEntry.View(free, reserved, kind), TreeEntry.decode(e));
            }
        }
    }

    @Test
    void shouldReserveTakeAndUnreserveTreeEntries() {
        long e = TreeEntry.of(100, false, Kind.MOVABLE.ordinal());
        assertEquals(TreeEntry.NO_UPDATE, TreeEntry.reserve(e, Kind.FIXED.ordinal(), 101));
        long reserved = TreeEntry.reserve(e, Kind.FIXED.ordinal(), 100);
        assertEquals(TreeEntry.of(0, true, Kind.FIXED.ordinal()), reserved);
        assertEquals(TreeEntry.NO_UPDATE, TreeEntry.reserve(reserved, Kind.FIXED.ordinal(), 0));
        assertEquals(TreeEntry.of(30, false, Kind.FIXED.ordinal()), TreeEntry.unreserve(reserved, 30));
        assertEquals(TreeEntry.NO_UPDATE, TreeEntry.unreserve(e, 1));
        assertEquals(TreeEntry.of(0, false, 0), TreeEntry.take(e, 100));
        assertEquals(TreeEntry.NO_UPDATE, TreeEntry.take(e, 101));
    }

    @Test
    void shouldRoundTripLocalEntryFieldsAtMinAndMax() {
        for (long tree : new long[] {0, MAX_TREE}) {
            for (long free : new long[] {0, Geometry.TREE_FRAMES, (1L << LocalEntry.FREE_BITS) - 1}) {
                long e = LocalEntry.of(tree, free);
                assertTrue(e >= 0, "bit 63 stays clear");
                assertTrue(LocalEntry.present(e));
                assertEquals(tree, LocalEntry.tree(e));
                assertEquals(free, LocalEntry.free(e));
            }
        }
        assertFalse(LocalEntry.present(LocalEntry.EMPTY));
    }

    @Test
    void shouldTakeRunsAndGiveOnlyToTheHeldTree() {
        long e = LocalEntry.of(7, 100);
        assertEquals(12, LocalEntry.runs(e, 3, 1000));
        assertEquals(5, LocalEntry.runs(e, 0, 5));
        assertEquals(0, LocalEntry.runs(LocalEntry.EMPTY, 0, 5));
        assertEquals(LocalEntry.of(7, 36), LocalEntry.take(e, 64));
        assertEquals(LocalEntry.NO_UPDATE, LocalEntry.take(e, 101));
        assertEquals(LocalEntry.NO_UPDATE, LocalEntry.take(LocalEntry.EMPTY, 0));
        assertEquals(LocalEntry.of(7, 164), LocalEntry.give(e, 7, 64));
        assertEquals(LocalEntry.NO_UPDATE, LocalEntry.give(e, 8, 64));
        assertEquals(LocalEntry.NO_UPDATE, LocalEntry.give(LocalEntry.EMPTY, 0, 1));
    }
}
