package dev.llfree.core.upper;

import dev.llfree.DoubleFreeException;
import dev.llfree.FrameAllocator;
import dev.llfree.FreeSpace;
import dev.llfree.Kind;
import dev.llfree.Stats;
import dev.llfree.core.Checks;
import dev.llfree.core.Geometry;
import dev.llfree.core.lower.FreeBlocks;
import dev.llfree.core.lower.Lower;
import dev.llfree.core.persist.DirtyLines;
import dev.llfree.core.persist.Memory;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.words.LowerLayout;

/**
 * The LLFree allocator: per-core reservations ({@link Locals}) of trees ({@link Trees}) over the
 * lower allocator's children and bitfields ({@link Lower}).
 *
 * <p>get: take the frames from the reserved tree's counter (CAS on the tree entry, which sits alone on
 * its cache line), then let the lower allocator find a run in the tree (child CAS, bitfield CAS = LP),
 * starting at the cell's hint. When the tree is short, reserve another; before reporting
 * {@link #NO_FRAME}, take directly from every tree, reserved or not (a steal).
 * <p>put: the lower allocator clears the bits (LP) and raises the child counter, then the tree's counter.
 * <p>Giant (1 GiB) frames take 16 whole trees ({@link GiantRegions}); they branch off only where orders 0..10
 * pay nothing: a giant get fails the reserved tree's counter (no tree holds 2^18 frames) and goes on in the
 * slow path, and put's test of the order replaces the upper bound test of its order check.
 *
 * <p>A tree's free frames are always counted in its entry: a reservation only names the tree a core
 * allocates from, it holds no frames. LLFree moves a tree's count into the reservation; frames are
 * then in neither counter between the two CASes, and a search that runs meanwhile (for milliseconds,
 * if the moving thread is preempted) finds nothing and reports a false out-of-memory. Here no frame
 * is ever in transit, so the search that ends in {@link #NO_FRAME} is exact up to the gets and puts
 * in flight, and reserving, draining and stealing are single CASes.
 *
 * <p>Counters only ever under-report: a get lowers them before it sets bits, a put raises them after
 * it clears bits. Every CAS loop retries only when another thread's CAS succeeded (lock-free).
 */
public class LLFreeAllocator implements FrameAllocator {
    /** Reservations tried before the exhaustive search. */
    private static final int RESERVE_ROUNDS = 4;
    /** Searches of one tree while frames keep coming back to it during the search. */
    private static final int SEARCHES = 8;

    private final Memory memory;
    private final Lower lower;
    private final Trees trees;
    private final Locals locals;
    private final HeldRuns held;
    private final GiantRegions giant;
    private final long frames;
    private final int cores;

    /**
     * An allocator over {@code lower} (initialized, or with counters that are right) in {@code memory}; for
     * {@link dev.llfree.pool.Pool}, the only subclass (a pool is an allocator over its file, without a delegating
     * layer on get and put).
     */
    protected LLFreeAllocator(Memory memory, Lower lower, int cores) {
        this.memory = memory;
        this.lower = lower;
        this.frames = lower.frames();
        this.cores = cores;
        this.trees = new Trees(frames, lower);
        this.locals = new Locals(cores * Kind.COUNT);
        this.held = new HeldRuns(lower, trees, cores);
        this.giant = new GiantRegions(trees, lower.giant());
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

    /**
     * The LLFree allocator {@code allocator} is (a pool is one too).
     *
     * @throws IllegalArgumentException if {@code allocator} was not built by {@link dev.llfree.LLFree}
     */
    public static LLFreeAllocator of(FrameAllocator allocator) {
        if (allocator instanceof LLFreeAllocator llfree) {
            return llfree;
        }
        throw new IllegalArgumentException("allocator: " + allocator + " (expected: one built by LLFree, volatile or a pool)");
    }

    /** Gets and puts of runs in held children, for get-to and put-from. */
    public HeldRuns held() {
        return held;
    }

    /** The lower allocator (the persistent part), for recovery and pool maintenance. */
    public Lower lower() {
        return lower;
    }

    // ---------------------------------------------------------------------------------------- get

    @Override
    public long get(int core, int order, Kind kind) {
        FrameAllocator.checkOrder(order);
        int cell = cell(slot(core), kind.ordinal());
        long frame = getReserved(cell, order);
        return frame >= 0 ? frame : getSlow(cell, order, kind.ordinal());
    }

    /** Fast path: one run from the cell's reserved tree. */
    private long getReserved(int cell, int order) {
        long local = locals.entry(cell);
        if (!LocalEntry.present(local)) {
            return NO_FRAME;
        }
        long tree = LocalEntry.tree(local);
        long frame = getInTree(tree, locals.hint(cell, order), searchFromTop(cell, tree, order), order, kindOf(cell));
        if (frame >= 0) {
            locals.setHint(cell, order, frame);
        }
        return frame;
    }

    /**
     * Whether a run search in the cell's reserved {@code tree} starts at its top child with room
     * (see {@link Locals#searchFromTop}).
     */
    private boolean searchFromTop(int cell, long tree, int order) {
        return Lower.fromTop(order) && locals.searchFromTop(cell, order, trees.version(tree));
    }

    /**
     * One run in {@code tree}: its counter first, then the lower allocator; the counter is restored on failure.
     *
     * <p>The search over the tree's children is not atomic: it can pass a run that another core holds
     * and then frees, while that core takes the run the search reaches next. So a search that finds
     * nothing is repeated while the tree's version shows that frames came back during it (a double
     * collect): when a search fails and no give happened meanwhile, no run of the order was free at its
     * end. Each repetition means another core completed a put (lock-free); after {@link #SEARCHES} the
     * get gives up even so.
     */
    private long getInTree(long tree, long hint, boolean top, int order, int kind) {
        long n = 1L << order;
        if (!trees.take(tree, n)) {
            return NO_FRAME;
        }
        long frame = lower.get(tree, hint, top, order, kind);
        for (int search = 1; frame < 0 && search < SEARCHES; search++) {
            long version = trees.version(tree);
            frame = lower.get(tree, hint, top, order, kind);
            if (frame < 0 && trees.version(tree) == version) {
                break;
            }
        }
        if (frame < 0) {
            trees.give(tree, n); // UNDO: the tree has the frames but no aligned run of this order
        }
        return frame;
    }

    private long getSlow(int cell, int order, int kind) {
        if (order > Geometry.MAX_ORDER) {
            return giant.get(regionStart(cell) >>> (Geometry.GIANT_ORDER - Geometry.TREE_ORDER), kind);
        }
        if (reservedTreeFragmented(cell, order)) {
            long frame = getFromPartialTrees(cell, order);
            if (frame >= 0) {
                return frame;
            }
        }
        for (int round = 0; round < RESERVE_ROUNDS; round++) {
            if (!reserve(cell, order, kind)) {
                break;
            }
            long frame = getReserved(cell, order);
            if (frame >= 0) {
                return frame;
            }
        }
        return getAnywhere(cell, order);
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
        long tree = trees.reserve(start, order, kind);
        if (tree == Trees.NONE) {
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

    /** One run from a partly used tree (reserved or not), starting in this core's region. */
    private long getFromPartialTrees(int cell, int order) {
        long start = regionStart(cell);
        for (int i = 0; i < trees.count(); i++) {
            long tree = (start + i) % trees.count();
            long free = TreeEntry.free(trees.entry(tree));
            if (free >= 1L << order && free < trees.capacity(tree)) {
                long frame = getInTree(tree, NO_FRAME, true, order, kindOf(cell));
                if (frame >= 0) {
                    return frame;
                }
            }
        }
        return NO_FRAME;
    }

    /** Last resort: take directly from every tree, reserved or not, starting in this core's region. */
    private long getAnywhere(int cell, int order) {
        long start = regionStart(cell);
        for (int i = 0; i < trees.count(); i++) {
            long tree = (start + i) % trees.count();
            long frame = getInTree(tree, NO_FRAME, true, order, kindOf(cell));
            if (frame >= 0) {
                return frame;
            }
        }
        return NO_FRAME;
    }

    @Override
    public int getBatch(int core, int order, Kind kind, long[] out, int offset, int count) {
        FrameAllocator.checkOrder(order);
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
        long local = locals.entry(cell);
        if (!LocalEntry.present(local)) {
            return 0;
        }
        long tree = LocalEntry.tree(local);
        int runs = trees.takeRuns(tree, order, max);
        if (runs == 0) {
            return 0;
        }
        boolean top = searchFromTop(cell, tree, order);
        int got = lower.getBatch(tree, locals.hint(cell, order), top, order, kindOf(cell), out, pos, runs);
        if (got < runs) {
            trees.give(tree, (long) (runs - got) << order); // UNDO: runs the tree could not serve
        }
        if (got > 0) {
            locals.setHint(cell, order, out[pos + got - 1]);
        }
        return got;
    }

    // ---------------------------------------------------------------------------------------- put

    @Override
    public void put(int core, long frame, int order) {
        if (order > Geometry.MAX_ORDER) { // the check below then repeats this test, which the JIT folds away
            FrameAllocator.checkRun(frame, order, frames); // refuses orders 11..17
            giant.put(frame);
            return;
        }
        FrameAllocator.checkRun(frame, order, frames);
        lower.put(frame, order);
        trees.give(Geometry.treeOf(frame), 1L << order);
    }

    @Override
    public void putBatch(int core, int order, long[] in, int offset, int count) {
        Checks.range(in, offset, count);
        for (int i = offset; i < offset + count; i++) {
            FrameAllocator.checkRun(in[i], order, frames);
        }
        if (order > Geometry.MAX_ORDER) {
            for (int i = offset; i < offset + count; i++) {
                putGiantInBatch(in[i], i); // giant frames: one put each
            }
            return;
        }
        int done = offset;
        DirtyLines lines = new DirtyLines(lower.persistence(), PersistSite.BATCH_PUT_LINE);
        try {
            for (; done < offset + count; done++) {
                lines.touch(clearInBatch(in[done], order, done)); // PERSIST: a line after its last change
            }
        } finally {
            lines.drain(); // PERSIST: one fence for every line the batch flushed, also when it stops early
            releaseDurable(in, offset, done, order);
        }
    }

    /** After the batch's drain: the runs go back to their children, then to their trees (one add per tree). */
    private void releaseDurable(long[] in, int from, int to, int order) {
        long tree = -1;
        long pending = 0;
        for (int i = from; i < to; i++) {
            lower.release(in[i], order); // ORDER: only now that the frees are durable
            long t = Geometry.treeOf(in[i]);
            if (t != tree && pending > 0) {
                trees.give(tree, pending);
                pending = 0;
            }
            tree = t;
            pending += 1L << order;
        }
        if (pending > 0) {
            trees.give(tree, pending);
        }
    }

    private void putGiantInBatch(long frame, int index) {
        try {
            giant.put(frame);
        } catch (DoubleFreeException | IllegalArgumentException e) {
            throw Checks.inBatch(e, index);
        }
    }

    private long clearInBatch(long frame, int order, int index) {
        try {
            return lower.clear(frame, order);
        } catch (DoubleFreeException | IllegalArgumentException e) {
            throw Checks.inBatch(e, index);
        }
    }

    // ---------------------------------------------------------------------------------------- compaction

    /**
     * Compaction: allocates one run of {@code 2^order} frames (order below 9) in {@code child} itself, unless
     * the child is huge or evacuating. The frames come off the counter of the child's tree first, reserved
     * or not, so a tree a core has reserved can be a target too.
     *
     * @return the first frame, or {@link #NO_FRAME} if the child has no free aligned run of the order
     * @throws IllegalArgumentException if the child is out of range or the order is not below 9
     */
    public long getInChild(long child, int order) {
        if (child < 0 || child >= lower.children() || order < 0 || order >= Geometry.CHILD_ORDER) {
            throw new IllegalArgumentException("child " + child + ", order " + order
                + " (expected: child 0.." + (lower.children() - 1) + ", order 0.." + (Geometry.CHILD_ORDER - 1) + ")");
        }
        long tree = Geometry.treeOfChild(child);
        long n = 1L << order;
        if (!trees.take(tree, n)) {
            return NO_FRAME;
        }
        long frame = lower.getInChild(child, order, Kind.MOVABLE.ordinal()); // compaction moves movable frames
        if (frame < 0) {
            trees.give(tree, n); // UNDO: the child lacks the run
        }
        return frame;
    }

    /** The kind {@code tree} was last reserved for (a wholly free tree serves any kind). */
    public Kind treeKind(long tree) {
        return Kind.of(TreeEntry.kind(trees.entry(tree)));
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
        FrameAllocator.checkRun(frame, order, frames);
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
    public FreeSpace freeSpace() {
        return FreeBlocks.scan(lower);
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
        for (int c = 0; c < cellCount; c++) {
            long e = locals.entry(c);
            present[c] = LocalEntry.present(e);
            cellTree[c] = LocalEntry.tree(e);
        }
        return new Counters(treeFree, treeReserved, treeKind, present, cellTree);
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
                trees.unreserve(LocalEntry.tree(prev));
            }
        }
    }

    /**
     * Gives every reservation back and recounts every tree from its children, after the lower allocator was
     * rewritten (tracing recovery). Only while no other thread uses the allocator.
     */
    public void recount() {
        drain();
        trees.recount();
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

    private static int kindOf(int cell) {
        return cell % Kind.COUNT;
    }

    /** Cores start their searches in disjoint regions of the trees. */
    private long regionStart(int cell) {
        return (long) trees.count() * (cell / Kind.COUNT) / cores;
    }
}
