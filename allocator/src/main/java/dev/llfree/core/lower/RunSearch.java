package dev.llfree.core.lower;

import dev.llfree.FrameAllocator;
import dev.llfree.core.Geometry;
import dev.llfree.core.RunShape;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.persist.Persistence;
import dev.llfree.core.words.Bitfield;
import dev.llfree.core.words.ChildEntry;
import dev.llfree.core.words.ChildWords;
import dev.llfree.core.words.Rows;

/**
 * How a get finds and takes a free run in a tree's children: the child's counter first (a CAS that reserves
 * capacity), then the run's bits (the CAS that is the linearization point), or for orders 9 and 10 the child's
 * huge flags (one CAS). The counter is given back if the row turns out to have no aligned run.
 *
 * <p>Placement (size segregation): single frames and huge runs search the tree upwards from the child of the
 * caller's hint, so consecutive gets of one core land in the same word; runs of orders 1..8 fill the tree from its
 * top child with room, the top of its row and the highest run of a word, so that runs freed at the top stay
 * aligned holes for the next runs ({@link #fromTop}).
 *
 * <p>Persistence: a single get persists the line it changed (the row, or for a huge run the tree's child line)
 * before it returns; a batch flushes each row once and drains once.
 */
public final class RunSearch {
    private final ChildWords children;
    private final Rows rows;
    private final Persistence persistence;

    RunSearch(ChildWords children, Rows rows, Persistence persistence) {
        this.children = children;
        this.rows = rows;
        this.persistence = persistence;
    }

    /**
     * Allocates one run of {@code 2^order} frames in {@code tree}, searching its children from the one
     * holding {@code hint}, or if the hint is not in the tree ({@link FrameAllocator#NO_FRAME}) from the
     * first child. Runs of orders 1..8 ({@link #fromTop}) search downwards, from the tree's last child with
     * room if {@code top} or the hint is not in the tree. The caller has already taken the frames from the
     * tree's counters.
     *
     * @param kind the kind ordinal recorded in the child the run comes from
     * @return the first frame, or {@link FrameAllocator#NO_FRAME} if no child of the tree has such a run
     */
    public long get(long tree, long hint, boolean top, int order, int kind) {
        long first = Geometry.firstChildOfTree(tree);
        long end = Geometry.endChildOfTree(tree, children.children());
        long start = startChild(hint, top, first, end, order);
        for (long c = start, i = 0; i < end - first; i++) {
            long frame = RunShape.huge(order) ? takeHuge(c, order, kind, PersistSite.GET_HUGE) : takeSmall(c, order, hint, kind);
            if (frame >= 0) {
                return frame;
            }
            c = next(c, first, end, order);
        }
        return FrameAllocator.NO_FRAME;
    }

    /**
     * The last child of {@code [first, end)} that is open with room for a run of {@code order}, found four
     * children at a time from their shared entry long ({@link ChildEntry#openWithRoom}); {@code end - 1} if
     * none (the search then finds nothing, as the counters said). RACE(benign): the entries may change
     * before the child is taken; the search goes on downwards from here.
     */
    private long topChildWithRoom(long first, long end, int order) {
        for (long c = end - 1 & -ChildEntry.PER_LONG; c >= first; c -= ChildEntry.PER_LONG) {
            long candidates = ChildEntry.openWithRoom(children.word(c), order);
            if (candidates != 0) {
                return Math.min(end - 1, c + (63 - Long.numberOfLeadingZeros(candidates)) / ChildEntry.BITS);
            }
        }
        return end - 1;
    }

    /**
     * Allocates up to {@code max} runs of {@code 2^order} frames in {@code tree} into
     * {@code out[pos..]}, taking each child's counter once for all the runs it can hold.
     *
     * @return the runs allocated
     */
    public int getBatch(long tree, long hint, boolean top, int order, int kind, long[] out, int pos, int max) {
        long first = Geometry.firstChildOfTree(tree);
        long end = Geometry.endChildOfTree(tree, children.children());
        long start = startChild(hint, top, first, end, order);
        int got = 0;
        for (long c = start, i = 0; i < end - first && got < max; i++) {
            if (RunShape.huge(order)) {
                long frame = takeHuge(c, order, kind, PersistSite.BATCH_GET_HUGE);
                if (frame >= 0) {
                    out[pos + got++] = frame;
                }
            } else {
                int runs = children.reserve(c, order, max - got, kind);
                if (runs > 0) {
                    int filled = claimRuns(c, order, runs, out, pos + got);
                    if (filled < runs) {
                        children.release(c, (runs - filled) << order); // UNDO: capacity the bitfield could not serve
                    }
                    got += filled;
                }
            }
            c = next(c, first, end, order);
        }
        persistence.drain(); // PERSIST: every line of the batch was flushed; one fence makes them all durable before return
        return got;
    }

    /**
     * Compaction: allocates one run of {@code 2^order} frames (order &lt; 9) in child {@code c}, which must
     * not be held, and makes it durable. The caller has already taken the frames from the counters
     * of the child's tree.
     *
     * @return the first frame, or {@link FrameAllocator#NO_FRAME} if the child has no such free run
     */
    public long getInChild(long c, int order, int kind) {
        return takeSmall(c, order, Geometry.firstFrameOfChild(c), kind);
    }

    /**
     * Whether runs of {@code order} fill a tree from its top (orders 1..8: the last child with room, the top
     * of its row, the highest run of a word) while single frames fill it from the bottom: size segregation,
     * so that runs freed at the top stay aligned holes for the next runs (see docs/design.md).
     */
    public static boolean fromTop(int order) {
        return order > 0 && order < Geometry.CHILD_ORDER;
    }

    /**
     * First child to search: for runs of orders 1..8 (see {@link #fromTop}) the last child with room if
     * {@code top} or the hint is not in the tree; else the hint's child when it lies in the tree, aligned for
     * order 10, or the first child.
     */
    private long startChild(long hint, boolean top, long first, long end, int order) {
        long c = Geometry.childOf(hint);
        boolean inTree = c >= first && c < end;
        if (fromTop(order) && (top || !inTree)) {
            return topChildWithRoom(first, end, order);
        }
        c = inTree ? c : first;
        return order > Geometry.CHILD_ORDER ? c & ~1L : c;
    }

    /**
     * The next child to search, wrapping inside {@code [first, end)}: downwards for runs of orders 1..8,
     * upwards otherwise; order 10 visits even children only.
     */
    private static long next(long c, long first, long end, int order) {
        if (fromTop(order)) {
            return c == first ? end - 1 : c - 1;
        }
        long n = c + (order > Geometry.CHILD_ORDER ? 2 : 1);
        return n >= end ? first : n;
    }

    /** One small run in child {@code c}: counter first, then bits; the counter is given back if the bits fail. */
    private long takeSmall(long c, int order, long hint, int kind) {
        if (children.reserve(c, order, 1, kind) == 0) {
            return FrameAllocator.NO_FRAME;
        }
        long frame = RunShape.inWord(order) ? claimInRow(c, order, Geometry.wordOf(hint))
            : rows.claimWords(c, order);
        if (frame < 0) {
            children.release(c, 1 << order); // UNDO: the counter promised a run the (fragmented) row lacks
        } else {
            // PERSIST: the row's line before returning; a crash before this leaves the bits set or clear,
            // either way a frame nobody was given: at most one leaked run per get in flight.
            persistence.persist(PersistSite.GET_ROW, rows.lineOf(c));
        }
        return frame;
    }

    /**
     * Order 9 (one child) or 10 (an aligned pair): one CAS on the child entries, the LP of such a get.
     * {@code site} says whether it drains (a single get) or leaves that to its batch.
     */
    private long takeHuge(long c, int order, int kind, PersistSite site) {
        boolean pair = RunShape.pair(order);
        if (pair && c + 1 >= children.children() || !children.takeHuge(c, pair, kind)) {
            return FrameAllocator.NO_FRAME;
        }
        // PERSIST: the tree's child line holds the huge flag(s), the truth for huge frames; neighbours'
        // free counters written back with it are derived and recomputed by recovery.
        persistence.flush(site, children.lineOf(c));
        if (site == PersistSite.GET_HUGE) {
            persistence.drain();
        }
        return Geometry.firstFrameOfChild(c);
    }

    /** One run of order 0..6 in child {@code c}'s row, starting at word {@code hintWord} if it is in the row. */
    private long claimInRow(long c, int order, long hintWord) {
        long row = c * Geometry.ROW_WORDS;
        boolean down = fromTop(order); // runs from the top of the row, single frames upwards (see fromTop)
        boolean hintInRow = hintWord >= row && hintWord < row + Geometry.ROW_WORDS;
        int start = down && !hintInRow ? Geometry.ROW_WORDS - 1 : (int) (hintWord - row) & (Geometry.ROW_WORDS - 1);
        for (int i = 0; i < Geometry.ROW_WORDS; i++) {
            long w = row + ((down ? start - i : start + i) & (Geometry.ROW_WORDS - 1));
            long claimed = rows.claim(w, order, 1, down);
            if (claimed != 0) {
                return w * Geometry.WORD_BITS + Long.numberOfTrailingZeros(claimed);
            }
        }
        return FrameAllocator.NO_FRAME;
    }

    /** Up to {@code runs} runs in child {@code c} into {@code out[pos..]}; flushes the row once; returns how many. */
    private int claimRuns(long c, int order, int runs, long[] out, int pos) {
        int filled = 0;
        if (!RunShape.inWord(order)) {
            for (long frame; filled < runs && (frame = rows.claimWords(c, order)) >= 0; ) {
                out[pos + filled++] = frame;
            }
        } else {
            long row = c * Geometry.ROW_WORDS;
            for (int i = 0; i < Geometry.ROW_WORDS && filled < runs; i++) {
                long w = row + i;
                for (long claimed = rows.claim(w, order, runs - filled, false); claimed != 0; filled++) {
                    int bit = Long.numberOfTrailingZeros(claimed);
                    out[pos + filled] = w * Geometry.WORD_BITS + bit;
                    claimed &= ~Bitfield.runMask(bit, order);
                }
            }
        }
        if (filled > 0) {
            persistence.flush(PersistSite.BATCH_GET_ROW, rows.lineOf(c)); // PERSIST: once per row; the batch drains once
        }
        return filled;
    }
}
