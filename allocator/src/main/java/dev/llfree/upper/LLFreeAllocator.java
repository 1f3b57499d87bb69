package dev.llfree.upper;

import dev.llfree.DoubleFreeException;
import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.Stats;
import dev.llfree.internal.Checks;
import dev.llfree.internal.Geometry;
import dev.llfree.lower.Lower;
import dev.llfree.lower.LowerLayout;
import dev.llfree.persist.Memory;
import dev.llfree.recovery.Validator;

/**
 * The LLFree allocator: per-core reservations ({@link Locals}) over trees ({@link Trees}) over the
 * lower allocator's children and bitfields ({@link Lower}).
 *
 * <p>get: take the frames from the reservation's counter (CAS), then let the lower allocator find a
 * run in the reserved tree (child CAS, bitfield CAS = LP), starting at the cell's hint. When the
 * counter is short: pull the frames others freed into the reserved tree, then reserve another tree;
 * before reporting {@link #NO_FRAME}, take directly from every tree and every other reservation, so
 * frames held in reservations never cause a false out-of-memory.
 * <p>put: the lower allocator clears the bits (LP) and raises the child counter, then the frames go
 * to this core's reservation if it holds the tree, else to the tree entry.
 *
 * <p>Counters only ever under-report: a get lowers them before it sets bits, a put raises them after
 * it clears bits. Every CAS loop retries only when another thread's CAS succeeded (lock-free).
 */
public final class LLFreeAllocator implements FrameAllocator {
    /** Rounds of pull-then-reserve before the exhaustive search. */
    private static final int RESERVE_ROUNDS = 4;
    /** Exhaustive passes before draining (frames moving between counters are briefly invisible). */
    private static final int ANYWHERE_PASSES = 2;

    private final Memory memory;
    private final Lower lower;
    private final Trees trees;
    private final Locals locals;
    private final long frames;
    private final int cores;

    private LLFreeAllocator(Memory memory, Lower lower, int cores) {
        this.memory = memory;
        this.lower = lower;
        this.frames = lower.frames();
        this.cores = cores;
        this.trees = new Trees(frames, lower);
        this.locals = new Locals(cores * Kind.COUNT);
    }

    /** Bytes of metadata memory for {@code frames} frames. */
    public static long metadataBytes(long frames) {
        return LowerLayout.bytes(frames);
    }

    /** A new allocator with every frame free, its lower allocator at {@code base} in {@code memory}. */
    public static LLFreeAllocator create(Memory memory, long base, long frames, int cores) {
        Checks.frameCount(frames);
        Checks.cores(cores);
        Lower lower = new Lower(memory, base, frames);
        lower.initialize();
        return new LLFreeAllocator(memory, lower, cores);
    }

    /**
     * An allocator over a lower allocator already in {@code memory} (a pool file), whose child counters
     * are right: after a clean close, or after {@link dev.llfree.recovery.Recovery} rebuilt them.
     */
    public static LLFreeAllocator open(Memory memory, Lower lower, int cores) {
        Checks.cores(cores);
        return new LLFreeAllocator(memory, lower, cores);
    }

    /** The lower allocator (the persistent part), for recovery and pool maintenance. */
    public Lower lower() {
        return lower;
    }

    // ---------------------------------------------------------------------------------------- get

    @Override
    public long get(int core, int order, Kind kind) {
        Checks.order(order);
        int cell = cell(slot(core), kind.ordinal());
        long frame = getReserved(cell, order);
        return frame >= 0 ? frame : getSlow(cell, order, kind.ordinal());
    }

    /** Fast path: one run from the cell's reserved tree. */
    private long getReserved(int cell, int order) {
        long prev = locals.take(cell, order, 1);
        if (prev == LocalEntry.NO_UPDATE) {
            return NO_FRAME;
        }
        long tree = LocalEntry.tree(prev);
        long frame = lower.get(tree, locals.hint(cell), order);
        if (frame >= 0) {
            locals.setHint(cell, frame);
            return frame;
        }
        giveBack(cell, tree, 1L << order); // UNDO: the tree has the frames but no aligned run of this order
        return NO_FRAME;
    }

    private long getSlow(int cell, int order, int kind) {
        for (int round = 0; round < RESERVE_ROUNDS; round++) {
            long frame = pullFreed(cell, order) ? getReserved(cell, order) : NO_FRAME;
            if (frame >= 0) {
                return frame;
            }
            if (!reserve(cell, order, kind)) {
                break;
            }
            frame = getReserved(cell, order);
            if (frame >= 0) {
                return frame;
            }
        }
        return getAnywhere(cell, order);
    }

    /** Moves frames other cores freed into the reserved tree to the cell; true if it now holds a run. */
    private boolean pullFreed(int cell, int order) {
        long local = locals.entry(cell);
        if (!LocalEntry.present(local)) {
            return false;
        }
        long tree = LocalEntry.tree(local);
        long pulled = trees.pull(tree);
        if (pulled == 0) {
            return false;
        }
        giveBack(cell, tree, pulled); // RACE(benign): if the cell moved on meanwhile, they go back to the tree
        return LocalEntry.free(local) + pulled >= 1L << order;
    }

    /**
     * Replaces the cell's reservation with a fresh tree. The old tree is given back after the swap.
     *
     * @return false if no tree can be reserved for this order
     */
    private boolean reserve(int cell, int order, int kind) {
        long seen = locals.entry(cell);
        long start = LocalEntry.present(seen) ? LocalEntry.tree(seen) + 1 : regionStart(cell);
        long fresh = trees.reserve(start, order, kind);
        if (fresh == LocalEntry.NO_UPDATE) {
            return false;
        }
        long prev;
        do {
            prev = locals.entry(cell);
            if (LocalEntry.present(prev) != LocalEntry.present(seen) || LocalEntry.tree(prev) != LocalEntry.tree(seen)) {
                // Another thread on this slot already swapped: keep its tree, give ours back.
                trees.unreserve(LocalEntry.tree(fresh), LocalEntry.free(fresh));
                return true;
            }
        } while (!locals.compareAndSet(cell, prev, fresh)); // LP(reserve swap)
        locals.setHint(cell, Geometry.firstFrameOfTree(LocalEntry.tree(fresh)));
        if (LocalEntry.present(prev)) {
            trees.unreserve(LocalEntry.tree(prev), LocalEntry.free(prev));
        }
        return true;
    }

    /**
     * Last resort: take directly from any tree's entry, then from any reservation. A run's frames may
     * be counted partly in a tree entry and partly in the reservation holding the tree, so the last pass
     * first drains every reservation into the tree entries: then a free run is always found.
     */
    private long getAnywhere(int cell, int order) {
        for (int pass = 0; pass < ANYWHERE_PASSES; pass++) {
            long frame = takeFromTrees(cell, order);
            if (frame < 0) {
                frame = takeFromReservations(order);
            }
            if (frame >= 0) {
                return frame;
            }
            Thread.onSpinWait();
        }
        drain();
        return takeFromTrees(cell, order);
    }

    private long takeFromTrees(int cell, int order) {
        long n = 1L << order;
        long start = regionStart(cell);
        for (int i = 0; i < trees.count(); i++) {
            long tree = (start + i) % trees.count();
            if (trees.take(tree, n)) {
                long frame = lower.get(tree, Geometry.firstFrameOfTree(tree), order);
                if (frame >= 0) {
                    return frame;
                }
                trees.give(tree, n); // UNDO: counted frames without an aligned run of this order
            }
        }
        return NO_FRAME;
    }

    private long takeFromReservations(int order) {
        for (int other = 0; other < locals.count(); other++) {
            long frame = getReserved(other, order);
            if (frame >= 0) {
                return frame;
            }
        }
        return NO_FRAME;
    }

    @Override
    public int getBatch(int core, int order, Kind kind, long[] out, int offset, int count) {
        Checks.order(order);
        Checks.range(out, offset, count);
        int cell = cell(slot(core), kind.ordinal());
        int got = 0;
        while (got < count) {
            int taken = getBatchReserved(cell, order, out, offset + got, count - got);
            if (taken == 0) {
                long frame = getSlow(cell, order, kind.ordinal());
                if (frame < 0) {
                    break;
                }
                out[offset + got] = frame;
                taken = 1;
            }
            got += taken;
        }
        return got;
    }

    /** Up to {@code max} runs from the cell's reserved tree, taking its counter once. */
    private int getBatchReserved(int cell, int order, long[] out, int pos, int max) {
        long prev = locals.take(cell, order, max);
        if (prev == LocalEntry.NO_UPDATE) {
            return 0;
        }
        int runs = LocalEntry.runs(prev, order, max);
        long tree = LocalEntry.tree(prev);
        int got = lower.getBatch(tree, locals.hint(cell), order, out, pos, runs);
        if (got < runs) {
            giveBack(cell, tree, (long) (runs - got) << order); // UNDO: runs the tree could not serve
        }
        if (got > 0) {
            locals.setHint(cell, out[pos + got - 1]);
        }
        return got;
    }

    // ---------------------------------------------------------------------------------------- put

    @Override
    public void put(int core, long frame, int order) {
        Checks.frame(frame, order, frames);
        lower.put(frame, order, true);
        giveToCounters(slot(core), Geometry.treeOf(frame), 1L << order);
    }

    @Override
    public void putBatch(int core, long[] in, int offset, int count, int order) {
        Checks.range(in, offset, count);
        for (int i = offset; i < offset + count; i++) {
            Checks.frame(in[i], order, frames);
        }
        int slot = slot(core);
        long tree = -1;
        long pending = 0;
        try {
            for (int i = offset; i < offset + count; i++) {
                putInBatch(in[i], order, i);
                long t = Geometry.treeOf(in[i]);
                if (t != tree && pending > 0) {
                    giveToCounters(slot, tree, pending);
                    pending = 0;
                }
                tree = t;
                pending += 1L << order;
            }
        } finally {
            lower.drain(); // PERSIST: one fence for every line the batch flushed, also when it stops early
            if (pending > 0) {
                giveToCounters(slot, tree, pending);
            }
        }
    }

    private void putInBatch(long frame, int order, int index) {
        try {
            lower.put(frame, order, false);
        } catch (DoubleFreeException e) {
            throw new DoubleFreeException(e.getMessage() + " (array index " + index + "; the runs before it were freed)");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (array index " + index + "; the runs before it were freed)", e);
        }
    }

    /** Frames freed into {@code tree}: to this slot's reservation of the tree if it has one, else the tree entry. */
    private void giveToCounters(int slot, long tree, long n) {
        for (int kind = 0; kind < Kind.COUNT; kind++) {
            if (locals.give(cell(slot, kind), tree, n)) {
                return;
            }
        }
        trees.give(tree, n);
    }

    /** Frames of {@code tree} back to the cell if it still holds the tree, else to the tree entry. */
    private void giveBack(int cell, long tree, long n) {
        if (!locals.give(cell, tree, n)) {
            trees.give(tree, n);
        }
    }

    // ---------------------------------------------------------------------------------------- queries

    @Override
    public long frames() {
        return frames;
    }

    @Override
    public long freeFrames() {
        long free = 0;
        for (int t = 0; t < trees.count(); t++) {
            free += TreeEntry.free(trees.entry(t));
        }
        for (int c = 0; c < locals.count(); c++) {
            free += LocalEntry.free(locals.entry(c));
        }
        return free;
    }

    @Override
    public long freeHugeFrames() {
        long free = 0;
        for (long child = 0; child < lower.children(); child++) {
            free += lower.isFree(Geometry.firstFrameOfChild(child), Geometry.CHILD_ORDER) ? 1 : 0;
        }
        return free;
    }

    @Override
    public boolean isFree(long frame, int order) {
        Checks.frame(frame, order, frames);
        return lower.isFree(frame, order);
    }

    @Override
    public int cores() {
        return cores;
    }

    @Override
    public Stats stats() {
        return StatsCollector.collect(lower, counters());
    }

    @Override
    public void validate() {
        Validator.check(lower, counters());
    }

    /** A copy of the tree and reservation counters. */
    public Counters counters() {
        int treeCount = trees.count();
        long[] treeFree = new long[treeCount];
        boolean[] treeReserved = new boolean[treeCount];
        int[] treeKind = new int[treeCount];
        for (int t = 0; t < treeCount; t++) {
            long e = trees.entry(t);
            treeFree[t] = TreeEntry.free(e);
            treeReserved[t] = TreeEntry.reserved(e);
            treeKind[t] = TreeEntry.kind(e);
        }
        int cellCount = locals.count();
        boolean[] present = new boolean[cellCount];
        long[] cellTree = new long[cellCount];
        long[] cellFree = new long[cellCount];
        for (int c = 0; c < cellCount; c++) {
            long e = locals.entry(c);
            present[c] = LocalEntry.present(e);
            cellTree[c] = LocalEntry.tree(e);
            cellFree[c] = LocalEntry.free(e);
        }
        return new Counters(treeFree, treeReserved, treeKind, present, cellTree, cellFree);
    }

    @Override
    public void drain() {
        for (int cell = 0; cell < locals.count(); cell++) {
            long prev;
            do {
                prev = locals.entry(cell);
                if (!LocalEntry.present(prev)) {
                    break;
                }
            } while (!locals.compareAndSet(cell, prev, LocalEntry.EMPTY)); // LP(drain of this cell)
            if (LocalEntry.present(prev)) {
                trees.unreserve(LocalEntry.tree(prev), LocalEntry.free(prev));
            }
        }
    }

    @Override
    public void close() {
        memory.close();
    }

    @Override
    public String toString() {
        return "LLFree[frames=" + frames + ", cores=" + cores + ", trees=" + trees.count() + "]";
    }

    // ---------------------------------------------------------------------------------------- slots

    private int slot(int core) {
        return core >= 0 && core < cores ? core : Math.floorMod(core, cores);
    }

    private static int cell(int slot, int kind) {
        return slot * Kind.COUNT + kind;
    }

    /** Cores start their searches in disjoint regions of the trees. */
    private long regionStart(int cell) {
        return (long) trees.count() * (cell / Kind.COUNT) / cores;
    }
}
