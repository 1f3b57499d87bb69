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
 * cache line because the reserving core updates its tree's entry on every get, their transitions, and
 * the upkeep of the {@link TreeSummary} of unreserved trees that {@link TreeSearch} looks in: every update
 * that may make a tree enter a class of the summary sets its bit ({@link #mark}).
 */
final class Trees {
    /** A partly used tree is preferred only if it has at least this many free frames. */
    static final long PARTIAL_MIN = Geometry.TREE_FRAMES / 64;
    /** Searches of one tree while frames keep coming back to it during the search (see {@link #getRun}). */
    private static final int SEARCHES = 8;

    /** The transitions of {@link #update}. */
    private static final int TAKE = 0;
    private static final int TAKE_WHOLE = 1;
    private static final int TAKE_RUNS = 2;
    private static final int UNRESERVE = 3;

    private static final VarHandle LONG = Atomics.ARRAY_LONG;
    /** Longs per entry: a cache line each. */
    private static final int STRIDE = 8;
    /** In the line before the entries: how many gets searched every tree (see {@link #countExhaustiveSearch}). */
    private static final int EXHAUSTIVE_SEARCHES = 0;

    private final long[] entries;
    private final int count;
    private final long frames;
    private final Lower lower;
    private final RunSearch search;
    private final TreeSummary summary;

    Trees(long frames, Lower lower) {
        this.frames = frames;
        this.lower = lower;
        this.search = lower.search();
        this.count = Math.toIntExact(Geometry.trees(frames));
        this.entries = new long[(count + 1) * STRIDE];
        this.summary = new TreeSummary(count);
        for (int t = 0; t < count; t++) {
            entries[index(t)] = TreeEntry.of(childFree(t), false, 0);
            mark(t);
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
            mark(t);
        }
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
        long prev = update(tree, TAKE, n, 0); // frames counted out; the caller's lower get follows
        if (prev == TreeEntry.NO_UPDATE) {
            return false;
        }
        if (!TreeEntry.reserved(prev)) {
            mark(tree); // a steal: a wholly free tree may have become partly used
        }
        return true;
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
        if (prev == TreeEntry.NO_UPDATE) {
            return 0;
        }
        if (!TreeEntry.reserved(prev)) {
            mark(tree); // a steal: a wholly free tree may have become partly used
        }
        return (int) Math.min(max, TreeEntry.free(prev) >>> order);
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
        if (!TreeEntry.reserved(prev) && (free - n == 0 || free == capacity || free >= PARTIAL_MIN && free - n < PARTIAL_MIN)) {
            mark(tree); // the tree entered a class of the summary: a threshold crossing, rare
        }
    }

    /** End a reservation: the tree enters the summary's classes again. */
    void unreserve(long tree) {
        long prev = update(tree, UNRESERVE, 0, 0);
        if (prev == TreeEntry.NO_UPDATE) {
            throw new CorruptedAllocatorException("tree " + tree + ": unreserve of an unreserved entry "
                + TreeEntry.decode(entry(tree)));
        }
        mark(tree);
    }

    /**
     * Sets {@code tree}'s bits in every class of the summary that its entry is in now. Called by the thread whose update
     * may have made the tree enter a class, after that update (see {@link TreeSummary}).
     */
    private void mark(long tree) {
        long e = (long) LONG.getVolatile(entries, index(tree)); // ORDER: after the update that may have made it enter
        if (inClass(TreeSummary.ANY, tree, e)) {
            summary.set(TreeSummary.ANY, tree);
        }
        if (inClass(TreeSummary.WHOLE, tree, e)) {
            summary.set(TreeSummary.WHOLE, tree);
        }
        int partial = TreeSummary.partial(TreeEntry.kind(e));
        if (inClass(partial, tree, e)) {
            summary.set(partial, tree);
        }
    }

    /** Whether entry {@code e} of {@code tree} puts it in summary class {@code cls}. */
    private boolean inClass(int cls, long tree, long e) {
        long free = TreeEntry.free(e);
        if (TreeEntry.reserved(e) || free == 0) {
            return false;
        }
        long capacity = capacity(tree);
        return switch (cls) {
            case TreeSummary.ANY -> true;
            case TreeSummary.WHOLE -> free == capacity;
            default -> free >= PARTIAL_MIN && free < capacity && TreeSummary.partial(TreeEntry.kind(e)) == cls;
        };
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

    /** Counts a get that searched every tree ({@code Reservations.getAnywhere}): rare, see {@link #exhaustiveSearches}. */
    void countExhaustiveSearch() {
        long ignored = (long) LONG.getAndAdd(entries, EXHAUSTIVE_SEARCHES, 1L);
    }

    /** How many gets searched every tree, because no reservation or summary candidate served them. */
    long exhaustiveSearches() {
        return (long) LONG.getAcquire(entries, EXHAUSTIVE_SEARCHES);
    }

    /**
     * The first tree whose entry puts it in a summary class whose bit is clear, described, or {@code null}: for
     * validation, exact only while no get or put is in flight.
     */
    String summaryGap() {
        for (int t = 0; t < count; t++) {
            long e = entry(t);
            for (int cls = 0; cls < TreeSummary.CLASSES; cls++) {
                if (inClass(cls, t, e) && !summary.isSet(cls, t)) {
                    return "tree " + t + " (" + TreeEntry.decode(e) + ") is missing from the reservation summary's "
                        + TreeSummary.name(cls) + " trees";
                }
            }
        }
        return null;
    }

    /**
     * Whether {@code tree} is in summary class {@code cls} now. A bit found stale is cleared, and set again if the
     * recheck after the clear finds the tree back in the class.
     */
    boolean member(int cls, long tree) {
        if (inClass(cls, tree, entry(tree))) {
            return true;
        }
        summary.clear(cls, tree);
        if (inClass(cls, tree, (long) LONG.getVolatile(entries, index(tree)))) { // ORDER: the recheck after the clear
            summary.set(cls, tree); // RACE(benign): the tree came back into the class meanwhile
            return true;
        }
        return false;
    }

    /** The first tree in {@code [from, end)} whose bit is set in summary class {@code cls}, or {@link TreeSummary#NONE}. */
    long nextSummarised(int cls, long from, long end) {
        return summary.next(cls, from, end);
    }

    /** One CAS: reserve {@code t} if its entry is still as seen. LP(reserve). */
    boolean tryReserve(long t, long seen, int kind, long n) {
        long next = TreeEntry.reserve(seen, kind, n);
        return next != TreeEntry.NO_UPDATE && LONG.compareAndSet(entries, index(t), seen, next);
    }
}
