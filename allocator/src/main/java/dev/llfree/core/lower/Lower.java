package dev.llfree.core.lower;

import static dev.llfree.core.Checks.hex;

import dev.llfree.DoubleFreeException;
import dev.llfree.core.Geometry;
import dev.llfree.core.RunShape;
import dev.llfree.core.persist.Memory;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.persist.Persistence;
import dev.llfree.core.words.ChildEntry;
import dev.llfree.core.words.ChildWords;
import dev.llfree.core.words.GiantBits;
import dev.llfree.core.words.LowerLayout;
import dev.llfree.core.words.Rows;
import java.io.IOException;

/**
 * The lower allocator: the persistent truth, composed of its three word owners (see {@link LowerLayout}):
 * {@link Rows} (bitfields), {@link ChildWords} (child entries) and {@link GiantBits}; giant (1 GiB) frames are
 * {@link GiantFrames}. Every counter above it is derived.
 *
 * <p>get (top-down): reserve capacity in the child entry (CAS), then set the run's bits (CAS; the
 * linearization point), so a child's {@code free} never over-reports. put (bottom-up): clear the bits
 * with a CAS that requires them all set (the linearization point; a clear bit is a double free and
 * nothing changes), then give the capacity back to the child. Huge frames (order 9) and order-10
 * frames are one CAS on the child entries alone; the bitfield rows stay zero.
 *
 * <p>Callers choose the tree and own the upper counters; this class searches the tree's children,
 * starting at a hint so that consecutive gets of one core land in the same word.
 *
 * <p>Persistence: the bitfields and the huge/pair flags are the truth, the free counters are derived and
 * never flushed during operation. A get persists the line it set bits in (a child row is one line; for a huge
 * frame, the tree's child line) before it returns; a put does the same after clearing. So a returned frame is
 * allocated in every later crash image, and a returned put is durable. Batches flush each touched line once
 * and drain once.
 */
public final class Lower {
    private final Persistence persistence;
    private final Rows rows;
    private final ChildWords children;
    private final GiantBits giantBits;
    private final GiantFrames giant;
    private final RunSearch search;
    private final long frames;

    /** The lower allocator of {@code frames} frames at {@code base} in {@code memory} (see {@link LowerLayout}). */
    public Lower(Memory memory, long base, long frames) {
        this.persistence = memory.persistence();
        this.rows = new Rows(memory.segment(), LowerLayout.bitfieldOffset(base), frames);
        this.children = new ChildWords(memory.segment(), LowerLayout.childOffset(base, frames), frames);
        this.giantBits = new GiantBits(memory.segment(), LowerLayout.giantOffset(base, frames), frames);
        this.frames = frames;
        this.giant = new GiantFrames(children, giantBits, persistence);
        this.search = new RunSearch(children, rows, persistence);
    }

    /** The bitfield rows. */
    public Rows rows() {
        return rows;
    }

    /** The child entries. */
    public ChildWords childWords() {
        return children;
    }

    /** The giant bits. */
    public GiantBits giantBits() {
        return giantBits;
    }

    /** The search for free runs in a tree's children: how gets find their runs. */
    public RunSearch search() {
        return search;
    }

    /** The giant (1 GiB) frames of this lower allocator. */
    public GiantFrames giant() {
        return giant;
    }

    /** How stores to this allocator's memory become durable. */
    public Persistence persistence() {
        return persistence;
    }

    /** Writes the state "every frame free" (frames past the end of a partial last child stay allocated). */
    public void initialize() {
        rows.initialize(frames);
        children.initialize();
        giantBits.initialize();
    }

    public long frames() {
        return frames;
    }

    public long children() {
        return children.children();
    }

    /** Frames child {@code child} has (512 except a partial last child). */
    public int capacity(long child) {
        return children.capacity(child);
    }

    /** The 16-bit entry of {@code child}. */
    public int childEntry(long child) {
        return children.entry(child);
    }

    /** Set bits in child {@code c}'s row: allocated frames, plus the missing frames of a partial last child. */
    public int allocatedInRow(long c) {
        return rows.allocated(c);
    }

    /** Bitfield word {@code index} (global word index = frame / 64). */
    public long word(long index) {
        return rows.word(index);
    }

    /**
     * Whether child {@code c} is allocated as a whole: huge, or part of a giant frame whose bit is set. Its row
     * is then zero. (A giant flag under a clear bit is pending: the row tells what is allocated.)
     */
    public boolean allocatedWhole(long c) {
        int e = childEntry(c);
        return ChildEntry.huge(e) || ChildEntry.giant(e) && giantBits.committed(Geometry.giantOfChild(c));
    }

    /**
     * The entry recovery writes for child {@code c} ({@link ChildEntry#rebuilt}), from its row, flags and giant bit.
     */
    public int rebuiltEntry(long c) {
        return ChildEntry.rebuilt(childEntry(c), rows.allocated(c), capacity(c), giantBits.committed(Geometry.giantOfChild(c)));
    }

    /**
     * Recovery, after every child was checked: stores child {@code c}'s {@link #rebuiltEntry}. Only while no other
     * thread uses the allocator.
     *
     * @return whether the stored entry was wrong
     */
    public boolean rebuildChild(long c) {
        int rebuilt = rebuiltEntry(c);
        if (rebuilt == childEntry(c)) {
            return false;
        }
        children.store(c, rebuilt);
        return true;
    }

    // ---------------------------------------------------------------------------------------- holds

    /**
     * Compaction's hold of child {@code c}: from the CAS on, no get takes frames from it (put still frees
     * into it). Gets that reserved capacity in the child before the CAS may still set their bits.
     * Not flushed: the hold is volatile in meaning, and recovery clears it.
     *
     * @return false if the child is huge, giant or held already
     */
    public boolean hold(long c) {
        return children.hold(c);
    }

    /** Ends the caller's {@link #hold} of child {@code c}; a hold ended twice is corrupt. */
    public void unhold(long c) {
        children.unhold(c, false);
    }

    // ---------------------------------------------------------------------------------------- put

    /**
     * Frees the run of {@code 2^order} frames at {@code frame} (order 0..10; range and alignment already
     * checked): {@link #clear clears} it, persists that line, then {@link #release releases} the frames. The
     * caller then gives them to the upper counters.
     *
     * @throws DoubleFreeException if the run is free; nothing changed
     * @throws IllegalArgumentException if the run was allocated with another order; nothing changed
     */
    public void put(long frame, int order) {
        long line = clear(frame, order);
        // PERSIST: the cleared bits or huge flag. A crash before the drain may keep them set: the run
        // stays allocated (leaked, bounded by puts in flight), never handed out twice.
        persistence.persist(RunShape.huge(order) ? PersistSite.PUT_HUGE : PersistSite.PUT_ROW, line);
        release(frame, order);
    }

    /**
     * First step of a put: clears the run's truth (its bits, or its huge flag with the counter held at
     * 0) without flushing. A batch flushes the returned line (once per line), drains once, and only then
     * {@link #release releases} every run.
     *
     * <p>ORDER: a free is durable before its frames can be taken again. Otherwise another core could take
     * them and make its own get durable first: a crash image would then hold a stale huge flag over the
     * new bits (a huge put followed by small gets) or stale bits under a new huge flag (small puts
     * followed by a huge get), and recovery could not tell which is true.
     *
     * @return the offset of the line that holds what changed (the child's row, or its tree's child line)
     * @throws DoubleFreeException if the run is free; nothing changed
     * @throws IllegalArgumentException if the run was allocated with another order; nothing changed
     */
    public long clear(long frame, int order) {
        long c = Geometry.childOf(frame);
        boolean huge = RunShape.huge(order);
        boolean cleared = huge ? children.clearHuge(c, RunShape.pair(order)) // LP(put huge): the flags are gone
            : !ChildEntry.whole(childEntry(c)) && rows.clear(frame, order); // LP(put): the bits were all set, now clear
        if (!cleared) {
            throw notCleared(frame, c, order);
        }
        return huge ? children.lineOf(c) : rows.lineOf(c);
    }

    /** Gives the frames of a durable put back to the child counter(s), so gets can take them again. */
    public void release(long frame, int order) {
        long c = Geometry.childOf(frame);
        if (RunShape.huge(order)) {
            children.releaseHuge(c, RunShape.pair(order));
        } else {
            children.release(c, 1 << order);
        }
    }

    /**
     * Why a put could not clear its run: free (or its put in flight) is a double free, anything else a wrong order.
     * Reads the state again after the refused CAS: only the message and the exception's type depend on it.
     */
    private RuntimeException notCleared(long frame, long c, int order) {
        if (!RunShape.huge(order)) {
            return ChildEntry.whole(childEntry(c)) ? wrongOrder(frame, order, "it lies in " + wholeFrame(childEntry(c)))
                : notAllocated(frame, order, rows.allocated(frame, order) == 0);
        }
        boolean pair = order > Geometry.CHILD_ORDER;
        int e = childEntry(c);
        if (!ChildEntry.whole(e) && allocatedInRow(c) == 0
            && (!pair || !ChildEntry.whole(childEntry(c + 1)) && allocatedInRow(c + 1) == 0)) {
            return notAllocated(frame, order, true);
        }
        return wrongOrder(frame, order, ChildEntry.whole(e) ? "it lies in " + wholeFrame(e) : "its 2 MiB child holds smaller runs");
    }

    private static RuntimeException notAllocated(long frame, int order, boolean allFree) {
        if (allFree) {
            return new DoubleFreeException("double free: frame " + hex(frame) + " of order " + order + " is already free");
        }
        return wrongOrder(frame, order, "its run is only partly allocated");
    }

    /** What a child allocated whole belongs to, for messages. */
    private static String wholeFrame(int e) {
        return ChildEntry.giant(e) ? "a giant frame of order " + Geometry.GIANT_ORDER
            : "a huge frame of order " + (ChildEntry.pair(e) ? Geometry.MAX_ORDER : Geometry.CHILD_ORDER);
    }

    static IllegalArgumentException wrongOrder(long frame, int order, String why) {
        return new IllegalArgumentException("frame " + hex(frame) + " was not allocated with order " + order + ": " + why);
    }

    // ---------------------------------------------------------------------------------------- queries

    /** Whether the whole run (order 0..10) is free by the counters and bits (range and alignment already checked). */
    public boolean isFree(long frame, int order) {
        long c = Geometry.childOf(frame);
        if (RunShape.huge(order)) {
            for (long k = c; k < c + (1L << (order - Geometry.CHILD_ORDER)); k++) {
                if (!ChildEntry.freeHuge(childEntry(k))) {
                    return false;
                }
            }
            return true;
        }
        return !ChildEntry.whole(childEntry(c)) && rows.allocated(frame, order) == 0;
    }

    /** Whether the whole run (order 0..10) is allocated in the truth (bits, or huge flags of that order). */
    public boolean isAllocated(long frame, int order) {
        long c = Geometry.childOf(frame);
        int e = childEntry(c);
        if (RunShape.huge(order)) {
            boolean pair = RunShape.pair(order);
            return ChildEntry.huge(e) && ChildEntry.pair(e) == pair && (!pair || ChildEntry.huge(childEntry(c + 1)));
        }
        return !ChildEntry.whole(e) && rows.allocated(frame, order) == 1 << order;
    }

    /**
     * Reads only: throws what {@link #clear} (or a giant put) would throw for this run now, or returns if the put
     * would free it.
     *
     * @throws DoubleFreeException if the run is free
     * @throws IllegalArgumentException if the run was allocated with another order, as far as the truth shows
     */
    public void checkPut(long frame, int order) {
        if (RunShape.giant(order)) {
            giant.checkPut(frame);
        } else if (!isAllocated(frame, order)) {
            throw notCleared(frame, Geometry.childOf(frame), order);
        }
    }

    /**
     * Recovery, single-threaded, before the counters are rebuilt: clears whatever part of the run's bits is set (a
     * held claim or put cut short), or for orders 9 and 10 the child entries (flags and counter) of the run.
     */
    public void erase(long frame, int order) {
        long c = Geometry.childOf(frame);
        if (!RunShape.huge(order)) {
            rows.erase(frame, order);
            return;
        }
        children.store(c, ChildEntry.of(0));
        if (RunShape.pair(order)) {
            children.store(c + 1, ChildEntry.of(0));
        }
    }

    /** Whether {@code tree} has a child (order 9) or aligned child pair (order 10) that is wholly free. */
    public boolean hasFreeHuge(long tree, int order) {
        long first = Geometry.firstChildOfTree(tree);
        long end = Geometry.endChildOfTree(tree, children());
        int step = order > Geometry.CHILD_ORDER ? 2 : 1;
        for (long c = first; c + step <= end; c += step) {
            if (isFree(Geometry.firstFrameOfChild(c), order)) {
                return true;
            }
        }
        return false;
    }

    /** Makes everything durable (bitfields, child entries and giant bits): for a clean close and recovery. */
    public void sync(PersistSite site) throws IOException {
        rows.sync(persistence, site);
        children.sync(persistence, site);
        giantBits.sync(persistence, site);
    }
}
