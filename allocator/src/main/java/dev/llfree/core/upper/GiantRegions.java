package dev.llfree.core.upper;

import dev.llfree.FrameAllocator;
import dev.llfree.core.Geometry;
import dev.llfree.core.lower.GiantFrames;

/**
 * Giant (1 GiB, order 18) frames, the upper half: a get first takes the whole counters of the region's 16
 * trees ({@link Trees#takeWhole}: each tree wholly free), so no core allocates inside the region or reserves
 * one of its trees anew, and no put is in flight there; then the lower half marks the 512 children and
 * commits the region's bit ({@link GiantFrames#get}). A tree that is not wholly free, or a child that is
 * evacuating, fails the region: what was taken is given back and the next region is tried. A wholly free
 * tree that a core has reserved does not: the core finds no frames in it and reserves another, so
 * reservations never make a giant get report {@link FrameAllocator#NO_FRAME} while a region is free. A put
 * clears the bit and releases the children ({@link GiantFrames#put}), then gives the trees their frames back.
 *
 * <p>Counters never over-report: the trees are taken first on get and given back last on put. Lock-free:
 * nothing waits; a region that another core holds is skipped.
 */
final class GiantRegions {
    private final Trees trees;
    private final GiantFrames giant;

    GiantRegions(Trees trees, GiantFrames giant) {
        this.trees = trees;
        this.giant = giant;
    }

    /** A giant frame for {@code kind}, searching the regions from {@code start}; or {@link FrameAllocator#NO_FRAME}. */
    long get(long start, int kind) {
        long regions = giant.regions();
        for (long i = 0; i < regions; i++) {
            long region = (start + i) % regions;
            if (takeTrees(region, kind)) {
                if (giant.get(region, kind)) {
                    return Geometry.firstFrameOfGiant(region);
                }
                giveTrees(region, Geometry.GIANT_TREES); // UNDO: a child of the region was not wholly free
            }
        }
        return FrameAllocator.NO_FRAME;
    }

    /** Frees the giant frame at {@code frame} (range and alignment checked); see {@link GiantFrames#put}. */
    void put(long frame) {
        giant.put(frame);
        giveTrees(Geometry.giantOf(frame), Geometry.GIANT_TREES); // ORDER: after the cleared bit is durable
    }

    /** Takes the region's 16 trees whole, in ascending order; on a failure gives back those taken (UNDO). */
    private boolean takeTrees(long region, int kind) {
        long first = Geometry.firstTreeOfGiant(region);
        for (int i = 0; i < Geometry.GIANT_TREES; i++) {
            if (!trees.takeWhole(first + i, kind)) {
                giveTrees(region, i); // UNDO: the trees taken so far
                return false;
            }
        }
        return true;
    }

    /** Gives the first {@code count} trees of {@code region} all their frames back; a give that overflows throws. */
    private void giveTrees(long region, int count) {
        long first = Geometry.firstTreeOfGiant(region);
        for (int i = 0; i < count; i++) {
            trees.give(first + i, trees.capacity(first + i));
        }
    }
}
