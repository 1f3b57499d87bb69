package dev.llfree.upper;

import dev.llfree.Kind;
import dev.llfree.internal.Geometry;

/**
 * Tree entry codec (one {@code long} per tree, in a heap array).
 *
 * <pre>
 * | 63 always 0 | 62..35 unused | 34..33 kind | 32 reserved | 31..0 free frames |
 * </pre>
 *
 * While a tree is reserved, {@code free} counts only the frames other cores freed into it (and frames
 * given back by failed searches); the reserving core's own count is in its {@link LocalEntry}.
 * {@code kind} is the kind of the last reservation; a wholly free, unreserved tree serves any kind.
 * Bit 63 is never set, so {@link #NO_UPDATE} (-1) is never a valid entry.
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
    static final long NO_UPDATE = -1L;

    static {
        if (1L << FREE_BITS <= Geometry.TREE_FRAMES) {
            throw new AssertionError("FREE_BITS");
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

    /** Take {@code n} frames, reserved or not; NO_UPDATE if fewer are free. */
    static long take(long e, long n) {
        return free(e) >= n ? e - (n << FREE_SHIFT) : NO_UPDATE;
    }

    /**
     * Reserve for {@code kind}: the free count moves to the reserving core (the entry keeps 0).
     * NO_UPDATE if already reserved or fewer than {@code min} frames are free.
     */
    static long reserve(long e, int kind, long min) {
        if (reserved(e) || free(e) < min) {
            return NO_UPDATE;
        }
        return of(0, true, kind);
    }

    /** End a reservation, adding the {@code n} frames the core still held. NO_UPDATE if not reserved. */
    static long unreserve(long e, long n) {
        if (!reserved(e)) {
            return NO_UPDATE;
        }
        return of(free(e) + n, false, kind(e));
    }

    /** Record decoded for stats and messages; never used in CAS loops. */
    record View(long free, boolean reserved, Kind kind) { }

    static View decode(long e) {
        return new View(free(e), reserved(e), Kind.of(kind(e)));
    }
}
