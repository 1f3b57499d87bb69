package dev.llfree.core.upper;

import dev.llfree.CorruptedAllocatorException;
import dev.llfree.FrameAllocator;
import dev.llfree.core.Atomics;
import dev.llfree.core.Geometry;
import dev.llfree.core.lower.Lower;
import dev.llfree.core.lower.RunSearch;
import dev.llfree.core.words.ChildEntry;
import java.lang.invoke.VarHandle;

/**
 * The tree entries (volatile: built from the child counters whenever an allocator is made), one per
 * cache line because the reserving core updates its tree's entry on every get, and the reservation
 * policy.
 *
 * <p>Reservation search, from a start tree: a partly used tree of the same kind (anti-fragmentation:
 * fill what is already broken up), else a wholly free tree, else a small remainder of the same kind,
 * else a tree of another kind (so that kinds never cause a false out-of-memory). For orders 9 and 10
 * a candidate must also have a wholly free child (pair). Candidates are taken with one CAS; a lost
 * CAS rescans, at most {@link #RETRIES} times.
 *
 * <p>When memory is nearly full, every reservation would search all trees only to take a remainder. So
 * a search that found nothing better records it (scarce), and the next searches take the first remainder
 * they meet, until an unreserved tree becomes wholly free or gets {@link #PARTIAL_MIN} free frames: that
 * threshold crossing, seen by {@link #give} or {@link #unreserve}, is counted ({@link #offer}) and ends
 * the scarce state. A reservation then costs a few entries instead of all of them.
 */
final class Trees {
    /** Scans before a reservation attempt gives up (each failed one means another core's CAS won). */
    static final int RETRIES = 4;
    /** A partly used tree is preferred only if it has at least this many free frames. */
    static final long PARTIAL_MIN = Geometry.TREE_FRAMES / 64;

    /** Searches of one tree while frames keep coming back to it during the search (see {@link #getRun}). */
    private static final int SEARCHES = 8;

    /** The transitions of {@link #update}. */
    private static final int TAKE = 0;
    private static final int TAKE_WHOLE = 1;
    private static final int TAKE_RUNS = 2;
    private static final int UNRESERVE = 3;

    /** Returned by {@link #reserve} when no tree qualifies. */
    static final int NONE = -1;

    private static final VarHandle LONG = Atomics.ARRAY_LONG;
    /** Longs per entry: a cache line each. */
    private static final int STRIDE = 8;
    /** In the line before the entries: how often an unreserved tree became a preferred candidate (see {@link #offer}). */
    private static final int OFFERS = 0;
    /** In the same line: {@link #OFFERS} when a full search last found only remainders, or -1. */
    private static final int SCARCE_AT = 1;

    private final long[] entries;
    private final int count;
    private final long frames;
    private final Lower lower;
    private final RunSearch search;

    Trees(long frames, Lower lower) {
        this.frames = frames;
        this.lower = lower;
        this.search = lower.search();
        this.count = Math.toIntExact(Geometry.trees(frames));
        this.entries = new long[(count + 1) * STRIDE];
        entries[SCARCE_AT] = -1;
        for (int t = 0; t < count; t++) {
            entries[index(t)] = TreeEntry.of(childFree(t), false, 0);
        }
        VarHandle.releaseFence(); // ORDER: initial entries visible before the allocator is published
    }

    int count() {
        return count;
    }

    /** Sets every entry to its children's sum, unreserved: after the lower allocator was rewritten, with no other user. */
    void recount() {
        for (int t = 0; t < count; t++) {
            LONG.setRelease(entries, index(t), TreeEntry.of(childFree(t), false, 0));
        }
        offer();
    }

    private static int index(long tree) {
        return (int) (tree + 1) * STRIDE;
    }

    /** The sum of the tree's child counters: the tree's free frames when nothing is in flight. */
    private long childFree(long tree) {
        long first = Geometry.firstChildOfTree(tree);
        long end = Geometry.endChildOfTree(tree, lower.children());
        long free = 0;
        for (long c = first; c < end; c++) {
            free += ChildEntry.free(lower.childEntry(c));
        }
        return free;
    }

    long capacity(long tree) {
        return Geometry.treeCapacity(tree, frames);
    }

    long entry(long tree) {
        return (long) LONG.getAcquire(entries, index(tree));
    }

    /** How many gives {@code tree} has had (wrapping): see {@link TreeEntry#version}. */
    long version(long tree) {
        return TreeEntry.version(entry(tree));
    }

    /**
     * Take {@code n} frames (reserved or not: taking from another core's tree is how a steal works);
     * false if fewer are free. A failed CAS means another update of the entry won.
     */
    boolean take(long tree, long n) {
        return update(tree, TAKE, n, 0) != TreeEntry.NO_UPDATE; // frames counted out; the caller's lower get follows
    }

    /**
     * One run in {@code tree}, reserved or not: its counter first, then the run search; the counter is restored on
     * failure.
     *
     * <p>The search over the tree's children is not atomic: it can pass a run that another core holds
     * and then frees, while that core takes the run the search reaches next. So a search that finds
     * nothing is repeated while the tree's version shows that frames came back during it (a double
     * collect): when a search fails and no give happened meanwhile, no run of the order was free at its
     * end. Each repetition means another core completed a put (lock-free); after {@link #SEARCHES} the
     * get gives up even so.
     */
    long getRun(long tree, long hint, boolean top, int order, int kind) {
        long n = 1L << order;
        if (!take(tree, n)) {
            return FrameAllocator.NO_FRAME;
        }
        long frame = search.get(tree, hint, top, order, kind);
        for (int attempt = 1; frame < 0 && attempt < SEARCHES; attempt++) {
            long version = version(tree);
            frame = search.get(tree, hint, top, order, kind);
            if (frame < 0 && version(tree) == version) {
                break;
            }
        }
        if (frame < 0) {
            give(tree, n); // UNDO: the tree has the frames but no aligned run of this order
        }
        return frame;
    }

    /**
     * Up to {@code max} runs of {@code 2^order} frames from {@code tree} into {@code out[pos..]}, taking its
     * counter once (and giving back what the search could not serve).
     *
     * @return the runs gotten
     */
    int getRuns(long tree, long hint, boolean top, int order, int kind, long[] out, int pos, int max) {
        int runs = takeRuns(tree, order, max);
        if (runs == 0) {
            return 0;
        }
        int got = search.getBatch(tree, hint, top, order, kind, out, pos, runs);
        if (got < runs) {
            give(tree, (long) (runs - got) << order); // UNDO: runs the tree could not serve
        }
        return got;
    }

    /**
     * Giant get: take all frames of {@code tree} if it is wholly free, reserved or not, in one CAS (then no
     * core gets frames from it or reserves it until {@link #give} returns them); false otherwise.
     */
    boolean takeWhole(long tree, int kind) {
        return update(tree, TAKE_WHOLE, capacity(tree), kind) != TreeEntry.NO_UPDATE; // the tree is closed to every other get
    }

    /** Take up to {@code max} runs of {@code 2^order} frames in one CAS; returns the runs taken (0 if none). */
    int takeRuns(long tree, int order, int max) {
        long prev = update(tree, TAKE_RUNS, order, max);
        return prev == TreeEntry.NO_UPDATE ? 0 : (int) Math.min(max, TreeEntry.free(prev) >>> order);
    }

    /**
     * Add {@code n} free frames and bump the version. Unbounded adds on their fields (the version wraps):
     * getAndAdd beats a CAS loop under contention.
     */
    void give(long tree, long n) {
        long prev = (long) LONG.getAndAdd(entries, index(tree), (n << TreeEntry.FREE_SHIFT) + TreeEntry.VERSION_ONE);
        long free = TreeEntry.free(prev) + n;
        long capacity = capacity(tree);
        if (free > capacity) {
            throw new CorruptedAllocatorException("tree " + tree + ": free " + TreeEntry.free(prev) + " + " + n
                + " exceeds capacity " + capacity);
        }
        if (!TreeEntry.reserved(prev) && (free == capacity || free >= PARTIAL_MIN && free - n < PARTIAL_MIN)) {
            offer(); // the tree just became wholly free or partly used with enough frames: rare, a threshold crossing
        }
    }

    /**
     * Records that an unreserved tree became a preferred candidate (wholly free, or partly used with at least
     * {@link #PARTIAL_MIN} free): {@link #reserve} then searches all trees again instead of taking the
     * first remainder.
     */
    private void offer() {
        long ignored = (long) LONG.getAndAdd(entries, OFFERS, 1L);
    }

    /** End a reservation. */
    void unreserve(long tree) {
        long prev = update(tree, UNRESERVE, 0, 0);
        if (prev == TreeEntry.NO_UPDATE) {
            throw new CorruptedAllocatorException("tree " + tree + ": unreserve of an unreserved entry "
                + TreeEntry.decode(entry(tree)));
        }
        long free = TreeEntry.free(prev); // unreserving changes no count
        if (free >= PARTIAL_MIN || free == capacity(tree)) {
            offer();
        }
    }

    /**
     * The CAS loop of the tree entries: applies {@link TreeEntry}'s transition {@code op} (with arguments {@code a},
     * {@code b}) until no other thread changed the entry in between; a transition that does not apply returns
     * {@link TreeEntry#NO_UPDATE}, which ends the loop. Callers pass {@code op} as a constant, so once inlined the
     * choice folds away. Lock-free: a failed CAS means another thread's CAS (or add) succeeded.
     *
     * @return the entry the transition replaced, or {@link TreeEntry#NO_UPDATE} if it refused (nothing written)
     */
    private long update(long tree, int op, long a, long b) {
        int t = index(tree);
        long prev;
        long next;
        do {
            prev = (long) LONG.getAcquire(entries, t); // ORDER: pairs with the release of the CAS below
            next = switch (op) {
                case TAKE -> TreeEntry.take(prev, a);
                case TAKE_WHOLE -> TreeEntry.takeWhole(prev, a, (int) b);
                case TAKE_RUNS -> TreeEntry.takeRuns(prev, (int) a, (int) b);
                default -> TreeEntry.unreserve(prev);
            };
            if (next == TreeEntry.NO_UPDATE) {
                return TreeEntry.NO_UPDATE; // refused: no write happened
            }
        } while (!LONG.compareAndSet(entries, t, prev, next)); // LP: the successful CAS
        return prev;
    }

    /**
     * Reserves a tree for {@code kind} that can serve order {@code order}, searching from {@code start}.
     *
     * @return the tree reserved, or {@link #NONE} if no unreserved tree qualifies
     */
    long reserve(long start, int order, int kind) {
        long n = 1L << order;
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            long offers = (long) LONG.getAcquire(entries, OFFERS);
            // Nothing but remainders at the last full search, and no tree offered since: take the first remainder.
            boolean scarce = order < Geometry.CHILD_ORDER && (long) LONG.getOpaque(entries, SCARCE_AT) == offers;
            int wholeFree = NONE;
            int remainder = NONE;
            int otherKind = NONE;
            boolean preferred = false; // a partly used tree with enough frames was seen (its CAS was lost)
            for (int i = 0; i < count; i++) {
                int t = (int) ((start + i) % count);
                long e = entry(t);
                long free = TreeEntry.free(e);
                if (TreeEntry.reserved(e) || free < n) {
                    continue;
                }
                if (free == capacity(t)) {
                    wholeFree = wholeFree == NONE ? t : wholeFree;
                } else if (!servesOrder(t, order)) {
                    continue;
                } else if (TreeEntry.kind(e) != kind) {
                    otherKind = otherKind == NONE ? t : otherKind;
                } else if (free >= PARTIAL_MIN || scarce) {
                    if (tryReserve(t, e, kind, n)) {
                        return t;
                    }
                    preferred |= free >= PARTIAL_MIN;
                } else {
                    remainder = remainder == NONE ? t : remainder;
                }
            }
            if (wholeFree == NONE && remainder == NONE && otherKind == NONE) {
                return NONE;
            }
            if (tryReserve(wholeFree, kind, n)) {
                return wholeFree;
            }
            if (wholeFree == NONE && !preferred && remainder != NONE) {
                LONG.setOpaque(entries, SCARCE_AT, offers); // RACE(benign): an offer meanwhile made them differ
            }
            if (tryReserve(remainder, kind, n)) {
                return remainder;
            }
            if (tryReserve(otherKind, kind, n)) {
                return otherKind;
            }
        }
        return NONE;
    }

    /** Whether a partly used tree has a run of the order; a wholly free tree with enough frames always has. */
    private boolean servesOrder(long tree, int order) {
        return order < Geometry.CHILD_ORDER || lower.hasFreeHuge(tree, order);
    }

    /** Reserve candidate {@code t} ({@link #NONE}: nothing) if it still qualifies. */
    private boolean tryReserve(int t, int kind, long n) {
        return t != NONE && tryReserve(t, entry(t), kind, n);
    }

    /** One CAS: reserve {@code t} if its entry is still as seen. LP(reserve). */
    private boolean tryReserve(int t, long seen, int kind, long n) {
        long next = TreeEntry.reserve(seen, kind, n);
        return next != TreeEntry.NO_UPDATE && LONG.compareAndSet(entries, index(t), seen, next);
    }
}
