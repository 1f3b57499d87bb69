package dev.llfree.core.upper;

import dev.llfree.FrameAllocator;
import dev.llfree.core.Geometry;
import dev.llfree.core.lower.Lower;
import java.util.function.LongUnaryOperator;

/**
 * Where reservations and gets from partly used trees look: the reservation policy over the {@link TreeSummary}.
 *
 * <p>Reservation search, from a start tree: a partly used tree of the same kind (anti-fragmentation:
 * fill what is already broken up), else a wholly free tree, else a small remainder of the same kind,
 * else a tree of another kind (so that kinds never cause a false out-of-memory). For orders 9 and 10
 * a candidate must also have a wholly free child (pair). Candidates are taken with one CAS; a lost
 * CAS rescans, at most {@link #RETRIES} times.
 *
 * <p>The candidates come from the summary of the unreserved trees, from the start tree on, so a
 * reservation examines a few trees whatever their number: at most {@link #CANDIDATES} members of each class
 * (stale bits, of trees that left the class, are cleared as they are met and not counted).
 */
final class TreeSearch {
    /** Searches before a reservation attempt gives up (each failed one lost a CAS to another core). */
    static final int RETRIES = 4;
    /** Members of a summary class a search examines before it moves on to the next class. */
    static final int CANDIDATES = 8;

    /** Returned by {@link #reserve} when no tree qualifies. */
    static final int NONE = -1;
    /** Returned by {@link #reserveFrom} when a candidate's CAS failed. */
    private static final long LOST = -2;
    /** The classes {@link #reserve} tries in turn. */
    private static final int RESERVE_PASSES = 4;

    private final Trees trees;
    private final Lower lower;

    TreeSearch(Trees trees, Lower lower) {
        this.trees = trees;
        this.lower = lower;
    }

    /**
     * The first tree of class {@code cls} at search position {@code pos} or later that is a member now. Position
     * {@code p} of a search from {@code start} is tree {@code (start + p) % count}: the search wraps around once. Stale
     * bits met on the way are cleared, and set again if the recheck finds the tree back in the class.
     *
     * @return the tree's position, or {@link #NONE}
     */
    private long nextMember(int cls, long start, long pos) {
        while (true) {
            long p = nextBit(cls, start, pos);
            if (p == NONE) {
                return NONE;
            }
            long tree = treeAt(start, p);
            if (trees.member(cls, tree)) {
                return p;
            }
            pos = p + 1;
        }
    }

    /** The position of the first bit of class {@code cls} at position {@code pos} or later, or {@link #NONE}. */
    private long nextBit(int cls, long start, long pos) {
        long count = trees.count();
        if (start + pos < count) {
            long tree = trees.nextSummarised(cls, start + pos, count);
            if (tree != TreeSummary.NONE) {
                return tree - start;
            }
            pos = count - start;
        }
        long tree = trees.nextSummarised(cls, start + pos - count, start);
        return tree == TreeSummary.NONE ? NONE : tree + count - start;
    }

    private long treeAt(long start, long pos) {
        long tree = start + pos;
        return tree < trees.count() ? tree : tree - trees.count();
    }

    /**
     * Reserves a tree for {@code kind} that can serve order {@code order}, searching from {@code start}: a partly
     * used tree of the kind with at least {@link Trees#PARTIAL_MIN} free frames, else a wholly free tree, else a tree of
     * the kind with fewer (a remainder), else a tree of another kind. A search that lost a CAS is repeated, at most
     * {@link #RETRIES} times.
     *
     * @return the tree reserved, or {@link #NONE} if the examined candidates had none that qualifies
     */
    long reserve(long start, int order, int kind) {
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            boolean lost = false;
            for (int pass = 0; pass < RESERVE_PASSES; pass++) {
                long tree = switch (pass) {
                    case 0 -> reserveFrom(TreeSummary.partial(kind), start, order, kind, true);
                    case 1 -> reserveFrom(TreeSummary.WHOLE, start, order, kind, false);
                    case 2 -> reserveFrom(TreeSummary.ANY, start, order, kind, true);
                    default -> reserveFrom(TreeSummary.ANY, start, order, kind, false);
                };
                if (tree >= 0) {
                    return tree;
                }
                lost |= tree == LOST;
            }
            if (!lost) {
                return NONE;
            }
        }
        return NONE;
    }

    /**
     * Reserves the first of up to {@link #CANDIDATES} members of class {@code cls} that has a run of the order (and is
     * of {@code kind} if {@code sameKind}).
     *
     * @return the tree reserved, {@link #LOST} if a candidate's CAS failed, else {@link #NONE}
     */
    private long reserveFrom(int cls, long start, int order, int kind, boolean sameKind) {
        long n = 1L << order;
        boolean[] lost = {false};
        long reserved = firstOf(cls, start, tree -> {
            long e = trees.entry(tree);
            if (TreeEntry.free(e) >= n && (!sameKind || TreeEntry.kind(e) == kind) && servesOrder(tree, order)) {
                if (trees.tryReserve(tree, e, kind, n)) {
                    return tree;
                }
                lost[0] = true;
            }
            return NONE;
        });
        return reserved != NONE ? reserved : lost[0] ? LOST : NONE;
    }

    /**
     * One run of the order from an unreserved, partly used tree (of {@code kind} first, then of any kind), examining
     * up to {@link #CANDIDATES} members of each class from {@code start}; wholly free trees are left whole.
     *
     * @return the first frame, or {@link FrameAllocator#NO_FRAME}
     */
    long getFromPartial(long start, int order, int kind) {
        long n = 1L << order;
        for (int cls : new int[] {TreeSummary.partial(kind), TreeSummary.ANY}) {
            long frame = firstOf(cls, start, tree -> {
                long free = TreeEntry.free(trees.entry(tree));
                return free >= n && free < trees.capacity(tree)
                    ? trees.getRun(tree, FrameAllocator.NO_FRAME, true, order, kind) : FrameAllocator.NO_FRAME;
            });
            if (frame >= 0) {
                return frame;
            }
        }
        return FrameAllocator.NO_FRAME;
    }

    /**
     * Offers up to {@link #CANDIDATES} members of class {@code cls}, from {@code start} on, to {@code candidate}, and
     * stops at the first answer that is not negative.
     *
     * @return that answer, or {@link #NONE}
     */
    private long firstOf(int cls, long start, LongUnaryOperator candidate) {
        long pos = 0;
        for (int examined = 0; examined < CANDIDATES; examined++) {
            pos = nextMember(cls, start, pos);
            if (pos == NONE) {
                return NONE;
            }
            long answer = candidate.applyAsLong(treeAt(start, pos++));
            if (answer >= 0) {
                return answer;
            }
        }
        return NONE;
    }

    /** Whether a partly used tree has a run of the order; a wholly free tree with enough frames always has. */
    private boolean servesOrder(long tree, int order) {
        return order < Geometry.CHILD_ORDER || lower.hasFreeHuge(tree, order);
    }
}
