package dev.llfree.core.upper;

import dev.llfree.core.Geometry;

/**
 * Reservation (local) entry codec: one {@code long} per core and kind, alone on its cache line.
 *
 * <pre>
 * | 63 always 0 | 62..1 tree | 0 present |
 * </pre>
 *
 * It names the tree the core allocates from; the tree's free frames stay in its {@link TreeEntry}.
 * {@link #EMPTY} (all zero) is "no tree reserved".
 */
final class LocalEntry {
    static final int PRESENT_SHIFT = 0;
    static final long PRESENT_MASK = 1L << PRESENT_SHIFT;
    static final int TREE_SHIFT = PRESENT_SHIFT + 1;
    static final int TREE_BITS = 63 - TREE_SHIFT;
    static final long TREE_MASK = ((1L << TREE_BITS) - 1) << TREE_SHIFT;
    static final long EMPTY = 0;

    static {
        if (1L << TREE_BITS < Geometry.trees(Geometry.MAX_FRAMES)) {
            throw new AssertionError("TREE_BITS");
        }
    }

    private LocalEntry() { }

    static long of(long tree) {
        return tree << TREE_SHIFT | PRESENT_MASK;
    }

    static boolean present(long e) {
        return (e & PRESENT_MASK) != 0;
    }

    static long tree(long e) {
        return (e & TREE_MASK) >>> TREE_SHIFT;
    }
}
