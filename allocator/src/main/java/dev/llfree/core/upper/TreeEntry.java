package dev.llfree.core.upper;

import dev.llfree.Kind;
import dev.llfree.core.Geometry;

/**
 * Tree entry codec (one {@code long} per tree, alone on its cache line in a heap array).
 *
 * <pre>
 * | 63..36 version | 35 unused | 34..33 kind | 32 reserved | 31..0 free frames |
 * </pre>
 *
 * {@code free} always counts every free frame of the tree (less the gets in flight): a reservation
 * moves no frames, it only marks the tree as the one a core allocates from. So no frame is ever in
 * transit between two counters, where a search could miss it (a false out-of-memory).
 * {@code kind} is the kind of the last reservation; a wholly free, unreserved tree serves any kind.
 * {@code version} counts the gives (frames coming back), wrapping: a search that finds nothing but saw
 * the version change meanwhile may have missed a run that came back behind it, and searches again.
 * {@link #NO_UPDATE} (-1) is never a valid entry: its free field would exceed every tree's capacity.
 */
final class TreeEntry {
    static final int FREE_BITS = 32;
    static final int FREE_SHIFT = 0;
    static final long FREE_MASK = ((1L << FREE_BITS) - 1) << FREE_SHIFT;
    static final int RESERVED_SHIFT = FREE_SHIFT + FREE_BITS;
    static final long RESERVED_MASK = 1L << RESERVED_SHIFT;
    static final int KIND_BITS = 2;
    static final int KIND_SHIFT = RESERVED_SHIFT + 1;
    static final long KIND_MASK = ((1L << KIND_BITS) - 1) << KIND_SHIFT;
    static final int VERSION_SHIFT = 36;
    /** Added with every give; the field wraps (a carry out of bit 63 is dropped). */
    static final long VERSION_ONE = 1L << VERSION_SHIFT;
    static final long NO_UPDATE = -1L;

    static {
        if (1L << FREE_BITS <= Geometry.TREE_FRAMES) {
            throw new AssertionError("FREE_BITS");
        }
        if (KIND_SHIFT + KIND_BITS > VERSION_SHIFT) {
            throw new AssertionError("VERSION_SHIFT");
        }
        if (Kind.COUNT > 1 << KIND_BITS) {
            throw new AssertionError("KIND_BITS");
        }
    }

    private TreeEntry() { }

    static long of(long free, boolean reserved, int kind) {
        return free << FREE_SHIFT | (reserved ? RESERVED_MASK : 0) | (long) kind << KIND_SHIFT;
    }

    static long free(long e) {
        return (e & FREE_MASK) >>> FREE_SHIFT;
    }

    static boolean reserved(long e) {
        return (e & RESERVED_MASK) != 0;
    }

    static int kind(long e) {
        return (int) ((e & KIND_MASK) >>> KIND_SHIFT);
    }

    static long version(long e) {
        return e >>> VERSION_SHIFT;
    }

    /** Take {@code n} frames, reserved or not; NO_UPDATE if fewer are free. */
    static long take(long e, long n) {
        return free(e) >= n ? e - (n << FREE_SHIFT) : NO_UPDATE;
    }

    /** Take up to {@code max} runs of {@code 2^order} frames; the runs taken are {@code (free(e) - free(result)) >>> order}. */
    static long takeRuns(long e, int order, int max) {
        long runs = Math.min(max, free(e) >>> order);
        return runs == 0 ? NO_UPDATE : e - (runs << order << FREE_SHIFT);
    }

    /**
     * Giant get: take every frame of a wholly free tree of {@code capacity} frames for {@code kind}; NO_UPDATE
     * otherwise. A reservation stays as it is: a core that has the tree reserved finds no frames in it and
     * reserves another (its counter is the only way in). With free 0 the tree serves no get and cannot be
     * reserved anew.
     */
    static long takeWhole(long e, long capacity, int kind) {
        if (free(e) != capacity) {
            return NO_UPDATE;
        }
        return (e & ~(FREE_MASK | KIND_MASK)) | (long) kind << KIND_SHIFT;
    }

    /** Reserve for {@code kind}. NO_UPDATE if already reserved or fewer than {@code min} frames are free. */
    static long reserve(long e, int kind, long min) {
        if (reserved(e) || free(e) < min) {
            return NO_UPDATE;
        }
        return (e & ~KIND_MASK) | RESERVED_MASK | (long) kind << KIND_SHIFT;
    }

    /** End a reservation. NO_UPDATE if not reserved. */
    static long unreserve(long e) {
        if (!reserved(e)) {
            return NO_UPDATE;
        }
        return e & ~RESERVED_MASK;
    }

    /** Record decoded for stats and messages; never used in CAS loops. */
    record View(long free, boolean reserved, Kind kind) { }

    static View decode(long e) {
        return new View(free(e), reserved(e), Kind.of(kind(e)));
    }
}
