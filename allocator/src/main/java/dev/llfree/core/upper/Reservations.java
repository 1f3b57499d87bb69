package dev.llfree.core.upper;

import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.core.Geometry;
import dev.llfree.core.lower.RunSearch;

/**
 * The per-core, per-kind reservations and where a get goes: first the cell's reserved tree ({@link #getReserved},
 * the fast path); when that has no run, the slow path ({@link #getSlow}): another partly used tree where the
 * reserved one is fragmented, then a new reservation (partly used trees of the same kind first, see
 * {@link TreeSearch#reserve}), then the trees other reservations hold (a steal), and before reporting
 * {@link FrameAllocator#NO_FRAME} every tree (counted: {@link Trees#exhaustiveSearches}), so frames the summary
 * of unreserved trees missed never cause a false out-of-memory. Cores start their searches
 * in disjoint regions of the trees ({@code trees / cores * core}).
 *
 * <p>A cell is {@code slot * Kind.COUNT + kind}, the slot {@code core mod cores}; two threads sharing a slot
 * stay correct (every update of a cell is a CAS), only slower.
 */
final class Reservations {
    /** Reservations tried before the exhaustive search. */
    private static final int RESERVE_ROUNDS = 4;

    private final Trees trees;
    private final TreeSearch search;
    private final Locals locals;
    private final GiantRegions giant;
    private final int cores;

    Reservations(Trees trees, TreeSearch search, GiantRegions giant, int cores) {
        this.trees = trees;
        this.search = search;
        this.locals = new Locals(cores * Kind.COUNT);
        this.giant = giant;
        this.cores = cores;
    }

    /** The cell of {@code core}'s reservation for {@code kind}. */
    int cell(int core, Kind kind) {
        int slot = core >= 0 && core < cores ? core : Math.floorMod(core, cores);
        return slot * Kind.COUNT + kind.ordinal();
    }

    /** The cells' entries, for {@link Counters}. */
    Locals locals() {
        return locals;
    }

    /**
     * Fast path: one run from the cell's reserved tree. Static, with the cells and trees passed in, so that the
     * allocator's get reaches them from its own fields, one dependent load sooner than through this object (about
     * 2 ns per get and put, measured with JMH {@code GetPutBenchmark}).
     */
    static long getReserved(Locals locals, Trees trees, int cell, int order) {
        long local = locals.entry(cell);
        if (!LocalEntry.present(local)) {
            return FrameAllocator.NO_FRAME;
        }
        long tree = LocalEntry.tree(local);
        long frame = trees.getRun(tree, locals.hint(cell, order), searchFromTop(locals, trees, cell, tree, order), order,
            kindOf(cell));
        if (frame >= 0) {
            locals.setHint(cell, order, frame);
        }
        return frame;
    }

    /**
     * The slow path, when the reserved tree has no run: another partly used tree (keeping the reservation) where the
     * reserved tree is fragmented, then new reservations, then any tree; giant frames take whole regions.
     *
     * @return the first frame, or {@link FrameAllocator#NO_FRAME} if no tree has a run of the order
     */
    long getSlow(int cell, int order, int kind) {
        if (order > Geometry.MAX_ORDER) {
            return giant.get(regionStart(cell) >>> (Geometry.GIANT_ORDER - Geometry.TREE_ORDER), kind);
        }
        if (reservedTreeFragmented(cell, order)) {
            long frame = search.getFromPartial(regionStart(cell), order, kind);
            if (frame >= 0) {
                return frame;
            }
        }
        for (int round = 0; round < RESERVE_ROUNDS; round++) {
            if (!reserve(cell, order, kind)) {
                break;
            }
            long frame = getReserved(locals, trees, cell, order);
            if (frame >= 0) {
                return frame;
            }
        }
        long frame = getFromReservedTrees(cell, order);
        return frame >= 0 ? frame : getAnywhere(cell, order);
    }

    /**
     * Replaces the cell's reservation with a fresh tree; the old tree is unreserved after the swap.
     * Neither step moves frames, so a crash or preemption between them hides nothing.
     *
     * @return false if no tree can be reserved for this order
     */
    private boolean reserve(int cell, int order, int kind) {
        long seen = locals.entry(cell);
        long start = LocalEntry.present(seen) ? LocalEntry.tree(seen) + 1 : regionStart(cell);
        long tree = search.reserve(start, order, kind);
        if (tree == TreeSearch.NONE) {
            return false;
        }
        if (!locals.compareAndSet(cell, seen, LocalEntry.of(tree))) { // LP(reserve swap)
            trees.unreserve(tree); // another thread on this slot swapped first: keep its tree
            return true;
        }
        locals.startHints(cell, tree);
        if (LocalEntry.present(seen)) {
            trees.unreserve(LocalEntry.tree(seen));
        }
        return true;
    }

    /**
     * Whether the cell's tree still has the frames for a run of this order but no aligned run: the get
     * then takes its run from another partly used tree and keeps the reservation, so that the smaller
     * gets that follow go on filling the partly used tree instead of a wholly free one, whose huge frames
     * a swapped reservation would break up (anti-fragmentation, as buddy's smallest-block-first).
     */
    private boolean reservedTreeFragmented(int cell, int order) {
        long local = locals.entry(cell);
        return order > 0 && order < Geometry.CHILD_ORDER && LocalEntry.present(local)
            && TreeEntry.free(trees.entry(LocalEntry.tree(local))) >= 1L << order;
    }

    /** One run from a tree that a reservation holds (a steal: the frames left are often there). */
    private long getFromReservedTrees(int cell, int order) {
        for (int i = 0; i < locals.count(); i++) {
            long local = locals.entry((cell + i) % locals.count());
            if (LocalEntry.present(local)) {
                long frame = trees.getRun(LocalEntry.tree(local), FrameAllocator.NO_FRAME, true, order, kindOf(cell));
                if (frame >= 0) {
                    return frame;
                }
            }
        }
        return FrameAllocator.NO_FRAME;
    }

    /**
     * Last resort, counted: take directly from every tree, reserved or not, starting in this core's region, so that
     * no frame the summary missed causes a false out-of-memory.
     */
    private long getAnywhere(int cell, int order) {
        trees.countExhaustiveSearch();
        long start = regionStart(cell);
        for (int i = 0; i < trees.count(); i++) {
            long tree = (start + i) % trees.count();
            long frame = trees.getRun(tree, FrameAllocator.NO_FRAME, true, order, kindOf(cell));
            if (frame >= 0) {
                return frame;
            }
        }
        return FrameAllocator.NO_FRAME;
    }

    /** Up to {@code max} runs from the cell's reserved tree, taking its counter once. */
    int getBatchReserved(int cell, int order, long[] out, int pos, int max) {
        long local = locals.entry(cell);
        if (!LocalEntry.present(local)) {
            return 0;
        }
        long tree = LocalEntry.tree(local);
        boolean top = searchFromTop(locals, trees, cell, tree, order);
        int got = trees.getRuns(tree, locals.hint(cell, order), top, order, kindOf(cell), out, pos, max);
        if (got > 0) {
            locals.setHint(cell, order, out[pos + got - 1]);
        }
        return got;
    }

    /** Gives every reservation back to its tree (the trees keep their frames: a reservation holds none). */
    void drain() {
        for (int cell = 0; cell < locals.count(); cell++) {
            long prev = locals.getAndSet(cell, LocalEntry.EMPTY); // LP(drain of this cell)
            if (LocalEntry.present(prev)) {
                trees.unreserve(LocalEntry.tree(prev));
            }
        }
    }

    /**
     * Whether a run search in the cell's reserved {@code tree} starts at its top child with room
     * (see {@link Locals#searchFromTop}).
     */
    private static boolean searchFromTop(Locals locals, Trees trees, int cell, long tree, int order) {
        return RunSearch.fromTop(order) && locals.searchFromTop(cell, order, trees.version(tree));
    }

    private static int kindOf(int cell) {
        return cell % Kind.COUNT;
    }

    /** Cores start their searches in disjoint regions of the trees. */
    private long regionStart(int cell) {
        return (long) trees.count() * (cell / Kind.COUNT) / cores;
    }
}
