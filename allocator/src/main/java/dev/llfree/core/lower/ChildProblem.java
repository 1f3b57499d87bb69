package dev.llfree.core.lower;

import static dev.llfree.core.Checks.hex;

import dev.llfree.core.Geometry;
import dev.llfree.core.words.ChildEntry;

/**
 * What is wrong with one 2 MiB child, if anything, and whether recovery can mend it.
 *
 * <p>The bitfield row, the huge/pair flags and the giant bits are the truth; the free counter is derived. So a counter
 * that disagrees with its row is {@link Severity#STALE}: a crash leaves it (too low), and
 * recovery recounts it. Truth that contradicts itself is {@link Severity#CORRUPT}: no crash produces
 * it and no recount can decide which part is right (bits under a huge flag, a huge child whose counter
 * or other flags are not 0, half of an order-10 pair without its partner, a pair flag without the huge
 * flag, frames past the end of the pool marked free, a giant bit over a child that is not giant, a giant bit
 * past the last whole 1 GiB region). A giant flag under a clear bit is pending: in an allocator in use a giant
 * get or put is in flight; at rest it is {@link Severity#STALE} and recovery frees the child.
 *
 * <p>A pool at rest (no allocator has it open) must also have no flag but huge and pair: the others
 * (compaction's evacuating mark) mean something only while it is open, and recovery clears them, so a
 * leftover one is a {@link Severity#STALE} too ({@link #findAtRest}).
 *
 * <p>Thread safety: reads the child without synchronisation; exact only while no get or put is in flight.
 *
 * @param child    the child's index
 * @param severity whether recovery can mend it
 * @param message  what is wrong, naming the child and the values found and expected
 */
public record ChildProblem(long child, Severity severity, String message) {
    /** Whether recovery (a recount from the bitfields) mends a problem. */
    public enum Severity {
        /** Derived state is out of date (a free counter, a leftover mark): recovery recomputes it. */
        STALE,
        /** The bits and flags contradict each other: nothing can be recounted. */
        CORRUPT
    }

    /** The problem of child {@code c} of an allocator in use, or {@code null} if it has none. */
    public static ChildProblem find(Lower lower, long c) {
        int e = lower.childEntry(c);
        int allocated = lower.allocatedInRow(c);
        long region = Geometry.giantOfChild(c);
        if (lower.giantBits().committed(region)) {
            if (allocated != 0 || (e & ~ChildEntry.KIND_MASK) != ChildEntry.GIANT_MASK) {
                return corrupt(c, "child " + c + " (frames " + hex(Geometry.firstFrameOfChild(c)) + "..): the giant bit of"
                    + " its 1 GiB region " + region + " is set, but the child is " + ChildEntry.decode(e) + " with "
                    + allocated + " bits set in its row (expected: giant, free 0, no bits)");
            }
            return null;
        }
        if (ChildEntry.giant(e)) {
            if (region >= lower.giant().regions()) {
                return corrupt(c, "child " + c + ": giant flag " + ChildEntry.decode(e) + " outside every whole 1 GiB"
                    + " region (the pool has " + lower.giant().regions() + "), where no giant get can have set it");
            }
            return pendingGiant(c, e, allocated, region);
        }
        if (ChildEntry.huge(e)) {
            if (allocated != 0 || (e & ~(ChildEntry.HUGE_MASK | ChildEntry.PAIR_MASK | ChildEntry.KIND_MASK)) != 0) {
                return corrupt(c, "child " + c + " (frames " + hex(Geometry.firstFrameOfChild(c)) + "..): huge entry "
                    + ChildEntry.decode(e) + " but " + allocated + " bits set in its row (expected: free 0, no bits)");
            }
            if (ChildEntry.pair(e)) {
                long partner = c ^ 1;
                int p = partner < lower.children() ? lower.childEntry(partner) : 0;
                if (!ChildEntry.huge(p) || !ChildEntry.pair(p)) {
                    return corrupt(c, "child " + c + ": half of an order-10 frame, but its partner child " + partner
                        + " is " + ChildEntry.decode(p));
                }
            }
            return null;
        }
        if (ChildEntry.pair(e)) {
            return corrupt(c, "child " + c + ": pair flag without huge flag " + ChildEntry.decode(e));
        }
        int capacity = lower.capacity(c);
        if (capacity < Geometry.CHILD_FRAMES && !pastTheEndSet(lower, c, capacity)) {
            return corrupt(c, "child " + c + " (frames " + hex(Geometry.firstFrameOfChild(c)) + "..): bits " + capacity
                + "..511 of its row stand for frames past the end of the pool but are not all set");
        }
        int expected = Geometry.CHILD_FRAMES - allocated;
        if (ChildEntry.free(e) != expected) {
            return new ChildProblem(c, Severity.STALE, "child " + c + " (frames "
                + hex(Geometry.firstFrameOfChild(c)) + "..): free " + ChildEntry.free(e) + " but its row has "
                + allocated + " bits set (expected: free " + expected + ")");
        }
        return null;
    }

    /** A giant flag under a clear bit: a giant get or put in flight, or (with bits or a counter) a stale flag. */
    private static ChildProblem pendingGiant(long c, int e, int allocated, long region) {
        if ((e & ~(ChildEntry.KIND_MASK | ChildEntry.FREE_MASK)) != ChildEntry.GIANT_MASK) {
            return corrupt(c, "child " + c + ": giant flag with other flags " + ChildEntry.decode(e));
        }
        if (allocated != 0 || ChildEntry.free(e) != 0) {
            return new ChildProblem(c, Severity.STALE, "child " + c + ": giant flag " + ChildEntry.decode(e) + " with "
                + allocated + " bits set in its row, but the giant bit of its 1 GiB region " + region
                + " is clear (recovery frees the flag and recounts the row)");
        }
        return null;
    }

    /**
     * Bits of the giant area past the last whole 1 GiB region: none in a sound pool, so one is
     * {@link Severity#CORRUPT}, reported on the first child the region would have. {@code null} if none.
     */
    public static ChildProblem findStrayGiantBit(Lower lower) {
        long region = lower.giantBits().strayBit();
        if (region < 0) {
            return null;
        }
        return corrupt(Geometry.firstChildOfGiant(region), "giant bit of 1 GiB region " + region + " is set, but the"
            + " pool has " + lower.giant().regions() + " whole 1 GiB regions");
    }

    /** The problem of child {@code c} of a pool at rest (no allocator has it open), or {@code null}. */
    public static ChildProblem findAtRest(Lower lower, long c) {
        ChildProblem problem = find(lower, c);
        int e = lower.childEntry(c);
        if (problem == null && !lower.allocatedWhole(c)
                && (e & ~ChildEntry.KIND_MASK) != ChildEntry.of(ChildEntry.free(e))) {
            return new ChildProblem(c, Severity.STALE, "child " + c + ": entry " + ChildEntry.decode(e)
                + " keeps a flag of an open that did not close (recovery clears it)");
        }
        return problem;
    }

    private static ChildProblem corrupt(long c, String message) {
        return new ChildProblem(c, Severity.CORRUPT, message);
    }

    /** Whether bits {@code capacity..511} of child {@code c}'s row are all set, as create leaves them. */
    private static boolean pastTheEndSet(Lower lower, long c, int capacity) {
        for (int w = capacity / Geometry.WORD_BITS; w < Geometry.ROW_WORDS; w++) {
            int from = Math.max(capacity - w * Geometry.WORD_BITS, 0);
            long mask = -1L << from;
            if ((lower.word(c * Geometry.ROW_WORDS + w) & mask) != mask) {
                return false;
            }
        }
        return true;
    }
}
