package dev.llfree.core.lower;

import static dev.llfree.core.Checks.hex;

import dev.llfree.DoubleFreeException;
import dev.llfree.core.Geometry;
import dev.llfree.core.persist.DirtyLines;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.persist.Persistence;
import dev.llfree.core.words.ChildEntry;
import dev.llfree.core.words.ChildWords;
import dev.llfree.core.words.GiantBits;

/**
 * The lower half of giant (1 GiB, order 18) frames: the giant bit of a whole 1 GiB region ({@link GiantBits},
 * the truth) and the giant flags of the region's 512 children ({@link ChildEntry#GIANT_MASK}).
 *
 * <pre>
 * region r:   children 512r..512r+511 = trees 16r..16r+15 = 16 child lines = 128 child longs (4 entries each)
 * </pre>
 *
 * <p>get, after the caller took the whole counters of the region's 16 trees (so no other get takes
 * frames there and no put is in flight there):
 * <ol>
 *   <li>mark: each of the 128 child longs by one CAS from "four children wholly free, no flags" to "four
 *       children giant" (pending); a long that is not (a held child) fails the get, and the longs
 *       already marked are released again (UNDO);</li>
 *   <li>flush the 16 child lines, drain;</li>
 *   <li>commit: CAS the region's bit 0 -> 1 (the LP), flush its line, drain.</li>
 * </ol>
 * put: CAS the bit 1 -> 0 (the LP; a clear bit is a double free or a wrong order, and nothing changes),
 * flush, drain; then release the 128 child longs (giant -> wholly free); the caller then gives the trees
 * their frames back.
 *
 * <p>Crash images: the child lines are durable before the bit is set and stay giant until the cleared bit
 * is durable, so a set bit always covers 512 giant children with zero rows (anything else is corrupt
 * metadata). Giant flags under a clear bit are pending (a get that did not return, or the release of a
 * returned put): recovery frees those children.
 */
public final class GiantFrames {
    private final ChildWords children;
    private final GiantBits bits;
    private final Persistence persistence;

    GiantFrames(ChildWords children, GiantBits bits, Persistence persistence) {
        this.children = children;
        this.bits = bits;
        this.persistence = persistence;
    }

    /** Whole 1 GiB regions: the possible giant frames. */
    public long regions() {
        return bits.regions();
    }

    /**
     * Allocates {@code region} as a giant frame; the caller holds the whole counters of its 16 trees.
     *
     * @return false if a child of the region is not wholly free without flags (nothing changed then)
     */
    public boolean get(long region, int kind) {
        long first = Geometry.firstChildOfGiant(region);
        DirtyLines lines = new DirtyLines(persistence, PersistSite.GIANT_MARK);
        for (long c = first; c < first + Geometry.GIANT_CHILDREN; c += ChildEntry.PER_LONG) {
            if (!children.markGiant(c, kind)) {
                release(first, c, "undo of a giant get of region " + region); // UNDO: the longs marked so far
                return false;
            }
            lines.touch(children.lineOf(c));
        }
        // PERSIST: the 16 child lines with their giant flags, before the bit that makes them the truth. A crash
        // before the bit is durable leaves pending flags under a clear bit: recovery frees those children.
        lines.drain();
        if (!bits.commit(region)) { // LP(get giant)
            throw new dev.llfree.CorruptedAllocatorException("giant region " + region + ": bit already set, but its 512"
                + " children were wholly free");
        }
        // PERSIST: the bit; from the drain on the frame is allocated in every crash image.
        persistence.persist(PersistSite.GIANT_COMMIT, bits.lineOf(region));
        return true;
    }

    /**
     * Frees the giant frame at {@code frame} (range and alignment already checked): clears its bit, makes
     * that durable, then releases the 512 children. The caller then gives the 16 trees their frames back.
     *
     * @throws DoubleFreeException if the region is not allocated as a giant frame; nothing changed
     * @throws IllegalArgumentException if frames of the region were allocated with smaller orders; nothing changed
     */
    public void put(long frame) {
        long region = Geometry.giantOf(frame);
        if (!bits.uncommit(region)) { // LP(put giant)
            throw notAllocated(frame, region);
        }
        // PERSIST: the cleared bit, before any child can serve a get again (a free is durable before its frames
        // can be taken). A crash before the drain keeps the frame allocated: a leak bounded by puts in flight.
        persistence.persist(PersistSite.GIANT_UNCOMMIT, bits.lineOf(region));
        long first = Geometry.firstChildOfGiant(region);
        release(first, first + Geometry.GIANT_CHILDREN, "giant put of region " + region);
    }

    /** Reads only: throws what {@link #put} would throw for {@code frame} now, or returns if it would free it. */
    public void checkPut(long frame) {
        long region = Geometry.giantOf(frame);
        if (!bits.committed(region)) {
            throw notAllocated(frame, region);
        }
    }

    /** Releases the child longs of children {@code [first, end)}: giant -> wholly free. */
    private void release(long first, long end, String what) {
        for (long c = first; c < end; c += ChildEntry.PER_LONG) {
            children.releaseGiant(c, what);
        }
    }

    /** A put of a region whose bit is clear: free (or its get in flight) is a double free, smaller runs a wrong order. */
    private RuntimeException notAllocated(long frame, long region) {
        long first = Geometry.firstChildOfGiant(region);
        for (long c = first; c < first + Geometry.GIANT_CHILDREN; c++) {
            int e = children.entry(c);
            if (!ChildEntry.giant(e) && (ChildEntry.whole(e) || ChildEntry.free(e) != Geometry.CHILD_FRAMES)) {
                return Lower.wrongOrder(frame, Geometry.GIANT_ORDER, "child " + c + " of its 1 GiB region holds "
                    + (ChildEntry.huge(e) ? "a huge frame" : "smaller runs"));
            }
        }
        return new DoubleFreeException("double free: frame " + hex(frame) + " of order " + Geometry.GIANT_ORDER
            + " is not allocated");
    }
}
