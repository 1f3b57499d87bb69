package dev.llfree.core.upper;

import dev.llfree.FrameAllocator;
import dev.llfree.core.Atomics;
import dev.llfree.core.Geometry;
import dev.llfree.core.lower.RunSearch;
import java.lang.invoke.VarHandle;

/**
 * Per-core, per-kind reservations: one {@link LocalEntry} and search hints per cell, each cell on
 * its own pair of cache lines (128 bytes, so the adjacent-line prefetcher does not couple cores).
 *
 * <pre>
 * long[]: | pad 128 B | cell 0: entry, hint, run hint, run search, pad… | cell 1: … | …
 * cell = slot * Kind.COUNT + kind
 * </pre>
 *
 * The hint is the last single frame (or huge run) this cell handed out, the run hint its last run of
 * orders 1..8: the next search starts in its word (vicinity). Two hints keep the runs, which fill the
 * tree from its top, apart from single frames, which fill it from its bottom. The run search is the
 * tree's version and the order of the cell's last run search (see {@link #searchFromTop}). Hints are only hints:
 * written with setOpaque, read without ordering; RACE(benign): a stale or foreign hint only moves where a
 * search starts.
 */
final class Locals {
    private static final VarHandle LONG = Atomics.ARRAY_LONG;
    private static final int STRIDE = 16;
    private static final int HINT = 1;
    private static final int RUN_HINT = 2;
    private static final int RUN_SEARCH = 3;
    private static final int ORDER_BITS = 4;
    private static final long ORDER_MASK = (1 << ORDER_BITS) - 1;
    /** No tree has this version (versions are 28-bit): the next run search starts at the top. */
    private static final long NO_SEARCH = -1;

    private final long[] cells;
    private final int count;

    Locals(int count) {
        this.count = count;
        this.cells = new long[(count + 1) * STRIDE];
    }

    int count() {
        return count;
    }

    private static int index(int cell) {
        return (cell + 1) * STRIDE;
    }

    long entry(int cell) {
        return (long) LONG.getAcquire(cells, index(cell));
    }

    long getAndSet(int cell, long next) {
        return (long) LONG.getAndSet(cells, index(cell), next);
    }

    boolean compareAndSet(int cell, long expected, long next) {
        return LONG.compareAndSet(cells, index(cell), expected, next);
    }

    /** Where the cell's next search for a run of {@code order} starts: its last frame, or run of orders 1..8. */
    long hint(int cell, int order) {
        return (long) LONG.getOpaque(cells, index(cell) + hintSlot(order));
    }

    /**
     * Whether a search for a run of orders 1..8 (see {@link Lower#fromTop}) in the cell's tree, whose version
     * is {@code version}, must start at the tree's top child with room instead of the run hint's child. Runs
     * fill the tree from its top child with room; each search passes only children without room for its
     * order. So the run hint's child is still the top child with room while the tree has had no frames back
     * since the cell's last search and this order is not below that search's order. RACE(benign): a give
     * after the version was read bumps it again, so the next search starts at the top.
     */
    boolean searchFromTop(int cell, int order, long version) {
        int at = index(cell);
        long last = (long) LONG.getOpaque(cells, at + RUN_SEARCH);
        long search = version << ORDER_BITS | order;
        if (last != search) {
            LONG.setOpaque(cells, at + RUN_SEARCH, search);
        }
        return last >>> ORDER_BITS != version || order < (last & ORDER_MASK);
    }

    void setHint(int cell, int order, long frame) {
        LONG.setOpaque(cells, index(cell) + hintSlot(order), frame);
    }

    /** Hints for a freshly reserved {@code tree}: single frames from its bottom, runs from its top child with room. */
    void startHints(int cell, long tree) {
        LONG.setOpaque(cells, index(cell) + HINT, Geometry.firstFrameOfTree(tree));
        LONG.setOpaque(cells, index(cell) + RUN_HINT, FrameAllocator.NO_FRAME);
        LONG.setOpaque(cells, index(cell) + RUN_SEARCH, NO_SEARCH);
    }

    private static int hintSlot(int order) {
        return RunSearch.fromTop(order) ? RUN_HINT : HINT;
    }
}
