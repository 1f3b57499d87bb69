package dev.llfree.core.upper;

import dev.llfree.CorruptedAllocatorException;
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
    private final Memory memory;
    private final Lower lower;
    private final Trees trees;
    private final Reservations reservations;
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
        this.held = new HeldRuns(lower, trees, cores);
        this.giant = new GiantRegions(trees, lower.giant());
        this.reservations = new Reservations(trees, new TreeSearch(trees, lower), giant, cores);
        this.locals = reservations.locals();
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
        int cell = reservations.cell(core, kind);
        long frame = Reservations.getReserved(locals, trees, cell, order);
        return frame >= 0 ? frame : reservations.getSlow(cell, order, kind.ordinal());
    }

    @Override
    public int getBatch(int core, int order, Kind kind, long[] out, int offset, int count) {
        FrameAllocator.checkOrder(order);
        Checks.range(out, offset, count);
        int cell = reservations.cell(core, kind);
        int got = 0;
        while (got < count) {
            int taken = reservations.getBatchReserved(cell, order, out, offset + got, count - got);
            if (taken == 0) {
                long frame = reservations.getSlow(cell, order, kind.ordinal());
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
        long frame = lower.search().getInChild(child, order, Kind.MOVABLE.ordinal()); // compaction moves movable frames
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

    /** Reads only: throws what {@link #put} would throw for this run now. */
    public void checkPut(long frame, int order) {
        FrameAllocator.checkRun(frame, order, frames);
        lower.checkPut(frame, order);
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
        String gap = trees.summaryGap();
        if (gap != null) {
            throw new CorruptedAllocatorException(gap);
        }
    }

    /** A copy of the tree and reservation counters. */
    public Counters counters() {
        return Counters.of(trees, reservations.locals());
    }

    @Override
    public void drain() {
        reservations.drain();
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
}
