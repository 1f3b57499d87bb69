package dev.llfree.upper;

import dev.llfree.internal.Geometry;

/**
 * Reservation (local) entry codec: one {@code long} per core and kind, alone on its cache line.
 *
 * <pre>
 * | 63 always 0 | 62..18 tree (45 bits) | 17 present | 16..0 free frames (0..2^17-1) |
 * </pre>
 *
 * {@code free} is the part of the tree's free frames this reservation may hand out without touching
 * the shared tree entry. {@link #EMPTY} (all zero) is "no tree reserved".
 */
final class LocalEntry {
    static final int FREE_BITS = 17;
    static final int FREE_SHIFT = 0;
    static final long FREE_MASK = ((1L << FREE_BITS) - 1) << FREE_SHIFT;
    static final int PRESENT_SHIFT = FREE_SHIFT + FREE_BITS;
    static final long PRESENT_MASK = 1L << PRESENT_SHIFT;
    static final int TREE_SHIFT = PRESENT_SHIFT + 1;
    static final int TREE_BITS = 63 - TREE_SHIFT;
    static final long TREE_MASK = ((1L << TREE_BITS) - 1) << TREE_SHIFT;
    static final long EMPTY = 0;
    static final long NO_UPDATE = -1L;

    static {
        if (1L << FREE_BITS <= Geometry.TREE_FRAMES) {
            throw new AssertionError("FREE_BITS");
        }
        if (1L << TREE_BITS < Geometry.trees(Geometry.MAX_FRAMES)) {
            throw new AssertionError("TREE_BITS");
        }
    }

    private LocalEntry() { }

    static long of(long tree, long free) {
        return tree << TREE_SHIFT | PRESENT_MASK | free << FREE_SHIFT;
    }

    static boolean present(long e) {
        return (e & PRESENT_MASK) != 0;
    }

    static long tree(long e) {
        return (e & TREE_MASK) >>> TREE_SHIFT;
    }

    static long free(long e) {
        return (e & FREE_MASK) >>> FREE_SHIFT;
    }

    /** Runs of {@code 2^order} frames available, at most {@code max}; 0 if nothing is reserved. */
    static int runs(long e, int order, int max) {
        return present(e) ? (int) Math.min(max, free(e) >>> order) : 0;
    }

    /** Take {@code n} frames; NO_UPDATE if nothing is reserved or fewer are free. */
    static long take(long e, long n) {
        return present(e) && free(e) >= n ? e - (n << FREE_SHIFT) : NO_UPDATE;
    }

    /** Give {@code n} frames of {@code tree}; NO_UPDATE unless this entry holds {@code tree}. */
    static long give(long e, long tree, long n) {
        return present(e) && tree(e) == tree ? e + (n << FREE_SHIFT) : NO_UPDATE;
    }
}
