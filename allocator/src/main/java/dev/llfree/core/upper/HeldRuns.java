package dev.llfree.core.upper;

import static dev.llfree.core.Checks.hex;

import dev.llfree.CorruptedAllocatorException;
import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.core.Checks;
import dev.llfree.core.Geometry;
import dev.llfree.core.RunShape;
import dev.llfree.core.lower.Lower;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.persist.Persistence;
import dev.llfree.core.words.ChildEntry;
import dev.llfree.core.words.ChildWords;
import dev.llfree.core.words.Rows;

/**
 * Runs gotten and put while their 2 MiB child is held, for get-to and put-from: the core's side of that protocol
 * (the intents and destinations are the caller's). The run is chosen <em>before</em> its bits are set, so the
 * caller can make its intent ("frame f goes to destination d") durable first, and no other get can take the run
 * in between.
 *
 * <pre>
 * get-to:   hold(core, order) = f ─ (caller: intent durable) ─ claim(f): bits or flags durable, hold ends
 *                                └─ abandon(f) instead, if the caller fails before the claim
 * put-from: holdForPut(f) ─ clear(f): durable ─ (caller: its record of f durably gone) ─ release(f) ─ letGo(f)
 * </pre>
 *
 * <p>Why a hold: once a bit is set in the cache, the line may reach the media at any moment (eviction), so the
 * frame number must be durable before the bit is. A frame chosen first could be taken by another core's plain get
 * before ours sets it; a crash image would then show the intent's frame allocated, and recovery could not tell
 * whose it is. So get-to holds the whole child first ({@link ChildEntry#holdFor}: one CAS sets the held flag, for
 * order 10 on both children; the flag is in {@link ChildEntry#open}'s mask, which the hot path tests anyway). The
 * CAS reads the child's counter; a get that reserved capacity before the hold and has not yet set its bits shows
 * as {@code 512 - free - popcount(row) > 0} (a put between its clear and its release makes that larger, never
 * smaller): such a child is let go and skipped, never waited for. put-from holds a small run's child the same way,
 * so that no get can take the run's frames once they are cleared until the caller's durable record of the run is
 * gone; a huge run's child stays closed by its counter (0) until {@link #release}. The hold is volatile in meaning
 * (recovery clears it), as compaction's.
 */
public final class HeldRuns {
    private final Lower lower;
    private final ChildWords children;
    private final Rows rows;
    private final Persistence persistence;
    private final Trees trees;
    private final int cores;

    HeldRuns(Lower lower, Trees trees, int cores) {
        this.lower = lower;
        this.children = lower.childWords();
        this.rows = lower.rows();
        this.persistence = lower.persistence();
        this.trees = trees;
        this.cores = cores;
    }

    // ---------------------------------------------------------------------------------------- get-to

    /**
     * Finds a child that can serve a run of {@code 2^order} frames (0..10), takes the frames off its tree's
     * counter, holds the child and chooses the run, which stays free until {@link #claim}. The search starts in the
     * core's region and visits every child of every tree whose counter has the frames once; it ignores
     * reservations (the tree counter is what counts). Not on the hot path.
     *
     * @return the run's first frame, or {@link FrameAllocator#NO_FRAME} if no child can serve the run now (a child
     *     with gets in flight is skipped, so this can miss frames that a plain get would find)
     */
    public long hold(int core, int order) {
        Checks.treeOrder(order, "a held get");
        long n = 1L << order;
        int step = RunShape.pair(order) ? 2 : 1;
        long start = trees.count() * (long) Math.floorMod(core, cores) / cores;
        for (long i = 0; i < trees.count(); i++) {
            long tree = (start + i) % trees.count();
            if (TreeEntry.free(trees.entry(tree)) < n) {
                continue; // RACE(benign): a stale count only skips a tree or visits one in vain
            }
            long end = Geometry.endChildOfTree(tree, lower.children());
            for (long c = Geometry.firstChildOfTree(tree); c + step <= end; c += step) {
                long frame = children.mayHoldFor(c, order) ? holdIn(c, tree, order) : FrameAllocator.NO_FRAME;
                if (frame >= 0) {
                    return frame;
                }
            }
        }
        return FrameAllocator.NO_FRAME;
    }

    /** {@link #hold} in child {@code c} of {@code tree}; NO_FRAME (nothing taken or held) if it cannot serve the run. */
    private long holdIn(long c, long tree, int order) {
        long n = 1L << order;
        if (!trees.take(tree, n)) {
            return FrameAllocator.NO_FRAME;
        }
        if (!children.holdFor(c, order)) { // LP(hold): no other get takes from the child now
            trees.give(tree, n); // UNDO: the child cannot serve the run
            return FrameAllocator.NO_FRAME;
        }
        if (RunShape.huge(order)) {
            return Geometry.firstFrameOfChild(c);
        }
        // The counter as held: gets that reserved capacity before the hold and have not set their bits show here.
        boolean settled = Geometry.CHILD_FRAMES - ChildEntry.free(children.entry(c)) == rows.allocated(c);
        long frame = settled ? rows.firstFree(c, order) : FrameAllocator.NO_FRAME;
        if (frame < 0) {
            abandon(Geometry.firstFrameOfChild(c), order); // UNDO: a get in flight, or the row has no aligned run
        }
        return frame;
    }

    /**
     * Allocates the run {@link #hold} chose and makes it durable; the hold ends.
     *
     * @throws CorruptedAllocatorException if the run is no longer free (only a bug elsewhere can cause it)
     */
    public void claim(long frame, int order, Kind kind) {
        long c = Geometry.childOf(frame);
        if (RunShape.huge(order)) {
            children.takeHugeHeld(c, RunShape.pair(order), kind.ordinal()); // LP(get-to claim), ends the hold
            // PERSIST: the huge flag(s) in the tree's child line: from the drain on the run is allocated in every
            // crash image, and the caller's durable intent names it.
            persistence.persist(PersistSite.HELD_CLAIM, children.lineOf(c));
            return;
        }
        children.takeHeld(c, 1 << order, kind.ordinal());
        if (!rows.set(frame, order)) { // LP(get-to claim)
            throw new CorruptedAllocatorException("frame " + hex(frame) + ": held run of order " + order
                + " taken in a held child");
        }
        // PERSIST: the row; a crash before the drain may or may not keep the bits: the intent names the run
        // either way, and nobody else can have set them (the child is held).
        persistence.persist(PersistSite.HELD_CLAIM, rows.lineOf(c));
        children.unhold(c, false);
    }

    /** Lets go of a run {@link #hold} chose and the caller does not claim: the child is let go, the tree gets its frames back. */
    public void abandon(long frame, int order) {
        children.unhold(Geometry.childOf(frame), RunShape.pair(order));
        trees.give(Geometry.treeOf(frame), 1L << order);
    }

    // ---------------------------------------------------------------------------------------- put-from

    /**
     * Holds the child of the run of {@code 2^order} frames at {@code frame} (order 0..10) for a put: a small run's
     * child only if nothing is in flight in it ({@code 512 - free - popcount(row) == 0}); a huge run needs no hold.
     *
     * @return false (nothing held) if the child is held already (get-to, put-from, compaction) or has operations
     *     in flight
     */
    public boolean holdForPut(long frame, int order) {
        if (RunShape.huge(order)) {
            return true;
        }
        long c = Geometry.childOf(frame);
        if (!children.hold(c)) { // LP(hold): no get reserves capacity in the child from now on
            return false;
        }
        if (Geometry.CHILD_FRAMES - ChildEntry.free(children.entry(c)) == rows.allocated(c)) {
            return true;
        }
        children.unhold(c, false); // UNDO: a get in flight could take the run's frames once they are cleared
        return false;
    }

    /**
     * Clears the run's truth (bits, or huge flag(s) with the counter held at 0) and makes it durable, without
     * giving its frames back ({@link #release} does).
     *
     * @throws dev.llfree.DoubleFreeException if the run is free; nothing changed
     * @throws IllegalArgumentException if the run was allocated with another order; nothing changed
     */
    public void clear(long frame, int order) {
        // PERSIST: the cleared bits or flag; a crash before the drain may keep them: the caller's record of the run
        // (a bound intent) decides, and no other get can have taken the run (held, or counter 0).
        persistence.persist(PersistSite.HELD_CLEAR, lower.clear(frame, order));
    }

    /** Gives a cleared run's frames back to its child and tree; they stay out of reach until {@link #letGo}. */
    public void release(long frame, int order) {
        lower.release(frame, order);
        trees.give(Geometry.treeOf(frame), 1L << order);
    }

    /** Ends {@link #holdForPut}'s hold, whether the run was freed or not. */
    public void letGo(long frame, int order) {
        if (!RunShape.huge(order)) {
            children.unhold(Geometry.childOf(frame), false);
        }
    }
}
