package dev.llfree.upper;

import dev.llfree.CorruptedAllocatorException;
import dev.llfree.internal.Atomics;
import dev.llfree.internal.Geometry;
import dev.llfree.lower.ChildEntry;
import dev.llfree.lower.Lower;
import java.lang.invoke.VarHandle;

/**
 * The tree entries (volatile: built from the child counters whenever an allocator is made) and the
 * reservation policy.
 *
 * <p>Reservation search, from a start tree: a partly used tree of the same kind (anti-fragmentation:
 * fill what is already broken up), else a wholly free tree, else a small remainder of the same kind,
 * else a tree of another kind (so that kinds never cause a false out-of-memory). For orders 9 and 10
 * a candidate must also have a wholly free child (pair). Candidates are taken with one CAS; a lost
 * CAS rescans, at most {@link #RETRIES} times.
 */
final class Trees {
    /** Scans before a reservation attempt gives up (each failed one means another core's CAS won). */
    static final int RETRIES = 4;
    /** A partly used tree is preferred only if it has at least this many free frames. */
    static final long PARTIAL_MIN = Geometry.TREE_FRAMES / 64;

    private static final VarHandle LONG = Atomics.ARRAY_LONG;
    private static final int NONE = -1;

    private final long[] entries;
    private final long frames;
    private final Lower lower;

    Trees(long frames, Lower lower) {
        this.frames = frames;
        this.lower = lower;
        this.entries = new long[Math.toIntExact(Geometry.trees(frames))];
        for (int t = 0; t < entries.length; t++) {
            entries[t] = TreeEntry.of(childFree(t), false, 0);
        }
        VarHandle.releaseFence(); // ORDER: initial entries visible before the allocator is published
    }

    int count() {
        return entries.length;
    }

    /** The sum of the tree's child counters: the tree's free frames when nothing is in flight. */
    private long childFree(long tree) {
        long first = Geometry.firstChildOfTree(tree);
        long end = Math.min(lower.children(), first + Geometry.TREE_CHILDREN);
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
        return (long) LONG.getAcquire(entries, (int) tree);
    }

    /** Take {@code n} frames directly (reserved or not); false if fewer are free. */
    boolean take(long tree, long n) {
        int t = (int) tree;
        long prev;
        long next;
        do {
            prev = (long) LONG.getAcquire(entries, t);
            next = TreeEntry.take(prev, n);
            if (next == TreeEntry.NO_UPDATE) {
                return false;
            }
        } while (!LONG.compareAndSet(entries, t, prev, next));
        return true;
    }

    /** Add {@code n} free frames. Unbounded add on the low field: getAndAdd beats a CAS loop under contention. */
    void give(long tree, long n) {
        long prev = (long) LONG.getAndAdd(entries, (int) tree, n << TreeEntry.FREE_SHIFT);
        if (TreeEntry.free(prev) + n > capacity(tree)) {
            throw new CorruptedAllocatorException("tree " + tree + ": free " + TreeEntry.free(prev) + " + " + n
                + " exceeds capacity " + capacity(tree));
        }
    }

    /** Move the frames others freed into reserved {@code tree} out of its entry; returns how many. */
    long pull(long tree) {
        int t = (int) tree;
        long prev;
        do {
            prev = (long) LONG.getAcquire(entries, t);
            if (!TreeEntry.reserved(prev) || TreeEntry.free(prev) == 0) {
                return 0;
            }
        } while (!LONG.compareAndSet(entries, t, prev, TreeEntry.of(0, true, TreeEntry.kind(prev))));
        return TreeEntry.free(prev);
    }

    /** End a reservation, returning the {@code n} frames the core still held. */
    void unreserve(long tree, long n) {
        int t = (int) tree;
        long prev;
        long next;
        do {
            prev = (long) LONG.getAcquire(entries, t);
            next = TreeEntry.unreserve(prev, n);
            if (next == TreeEntry.NO_UPDATE) {
                throw new CorruptedAllocatorException("tree " + tree + ": unreserve of an unreserved entry "
                    + TreeEntry.decode(prev));
            }
        } while (!LONG.compareAndSet(entries, t, prev, next));
    }

    /**
     * Reserves a tree for {@code kind} that can serve order {@code order}, searching from {@code start}.
     *
     * @return the new reservation as a {@link LocalEntry} (tree and its free frames), or
     *     {@link LocalEntry#NO_UPDATE} if no unreserved tree qualifies
     */
    long reserve(long start, int order, int kind) {
        long n = 1L << order;
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            int wholeFree = NONE;
            int remainder = NONE;
            int otherKind = NONE;
            for (int i = 0; i < entries.length; i++) {
                int t = (int) ((start + i) % entries.length);
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
                } else if (free >= PARTIAL_MIN) {
                    long taken = tryReserve(t, e, kind, n);
                    if (taken != LocalEntry.NO_UPDATE) {
                        return taken;
                    }
                } else {
                    remainder = remainder == NONE ? t : remainder;
                }
            }
            if (wholeFree == NONE && remainder == NONE && otherKind == NONE) {
                return LocalEntry.NO_UPDATE;
            }
            long taken = tryReserve(wholeFree, kind, n);
            taken = taken != LocalEntry.NO_UPDATE ? taken : tryReserve(remainder, kind, n);
            taken = taken != LocalEntry.NO_UPDATE ? taken : tryReserve(otherKind, kind, n);
            if (taken != LocalEntry.NO_UPDATE) {
                return taken;
            }
        }
        return LocalEntry.NO_UPDATE;
    }

    /** Whether a partly used tree has a run of the order; a wholly free tree with enough frames always has. */
    private boolean servesOrder(long tree, int order) {
        return order < Geometry.CHILD_ORDER || lower.hasFreeHuge(tree, order);
    }

    /** Reserve candidate {@code t} (or nothing for {@link #NONE}) if it still qualifies. */
    private long tryReserve(int t, int kind, long n) {
        return t == NONE ? LocalEntry.NO_UPDATE : tryReserve(t, entry(t), kind, n);
    }

    /** One CAS: reserve {@code t} if it is still as seen. LP(reserve). */
    private long tryReserve(int t, long seen, int kind, long n) {
        long next = TreeEntry.reserve(seen, kind, n);
        if (next == TreeEntry.NO_UPDATE || !LONG.compareAndSet(entries, t, seen, next)) {
            return LocalEntry.NO_UPDATE;
        }
        return LocalEntry.of(t, TreeEntry.free(seen));
    }
}
