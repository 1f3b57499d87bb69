package dev.llfree.lower;

import static dev.llfree.internal.Checks.hex;

import dev.llfree.CorruptedAllocatorException;
import dev.llfree.FrameAllocator;
import dev.llfree.internal.Geometry;
import dev.llfree.persist.PersistSite;

/**
 * Exclusive gets, for get-to (publish a frame into a persistent destination): the frame is chosen
 * <em>before</em> its bits are set, so the caller can make its intent ("frame f goes to destination d")
 * durable first, and no other get can take that frame in between.
 *
 * <p>Why exclusivity: once a bit is set in the cache, the line may reach the media at any moment (eviction),
 * so the frame number must be durable before the bit is. A frame chosen first could be taken by another
 * core's plain get before ours sets it; a crash image would then show the intent's frame allocated, and
 * recovery could not tell whose it is. So get-to claims a whole child first:
 * <ol>
 *   <li>{@link #mark}: one CAS sets the child's {@code held} flag (for order 10 both children's). From
 *       then on no get reserves capacity in it nor takes it huge (the flag is in {@link ChildEntry#open}'s
 *       mask, which the hot path tests anyway: no extra work there). The CAS reads the child's free counter;
 *       a get that reserved capacity before the mark and has not yet set its bits shows as
 *       {@code 512 - free - popcount(row) > 0} (a put between its clear and its release makes that
 *       larger, never smaller): such a child is unmarked and skipped, never waited for.</li>
 *   <li>The run is chosen in the row (the first free aligned one), the caller persists its intent.</li>
 *   <li>{@link #claim}: the child counter (ignoring the mark) and the bits (puts may change the word
 *       meanwhile, never the run's bits) or the huge flag(s) (which also drop the mark); persisted.</li>
 *   <li>{@link #unmark} (small runs).</li>
 * </ol>
 * put-from frees a small run under a mark too ({@link #markForPut}): a get in flight, or one that reserved
 * capacity after the clear, could otherwise take the run while the put-from's intent still names it, and
 * recovery would then hand the run to the intent's destination as well.
 * The hold is volatile in meaning (recovery clears it), as compaction's, which skips held children.
 */
public final class Exclusive {
    private final Lower lower;
    private final ChildWords children;
    private final Rows rows;

    public Exclusive(Lower lower) {
        this.lower = lower;
        this.children = lower.childWords();
        this.rows = lower.rows();
    }

    /** Whether child {@code c} looks able to serve an exclusive run of {@code order} (a racy pre-check, no CAS). */
    public boolean mayServe(long c, int order) {
        return children.mayHoldFor(c, order);
    }

    /**
     * Holds child {@code c} (order 10: the even {@code c} and its partner) and chooses the run the caller
     * will {@link #claim}.
     *
     * @return the run's first frame, or {@link FrameAllocator#NO_FRAME} (then nothing is held)
     */
    public long mark(long c, int order) {
        if (!children.holdFor(c, order)) { // LP(hold): no other get takes from the child now
            return FrameAllocator.NO_FRAME;
        }
        if (RunShape.of(order).huge()) {
            return Geometry.firstFrameOfChild(c);
        }
        int free = ChildEntry.free(children.entry(c)); // the counter as held: gets that reserved before the hold show here
        long frame = Geometry.CHILD_FRAMES - free == rows.allocated(c) ? rows.firstFree(c, order) : FrameAllocator.NO_FRAME;
        if (frame < 0) {
            unmark(c, order); // UNDO: a get reserved capacity before the hold, or the row has no aligned run
        }
        return frame;
    }

    /**
     * Allocates the run {@link #mark} chose, in the held child, and makes it durable.
     *
     * @param kind the kind ordinal recorded in the child
     * @throws CorruptedAllocatorException if the run is no longer free (only a bug elsewhere can cause it)
     */
    public void claim(long frame, int order, int kind) {
        long c = Geometry.childOf(frame);
        RunShape shape = RunShape.of(order);
        if (shape.huge()) {
            children.takeHugeHeld(c, shape == RunShape.PAIR, kind); // LP(get-to claim), ends the hold
            // PERSIST: the huge flag(s) in the tree's child line: from the drain on the run is allocated in
            // every crash image, and the caller's durable intent names it.
            lower.persistence().persist(PersistSite.HELD_CLAIM, children.lineOf(c));
            return;
        }
        children.takeHeld(c, 1 << order, kind);
        if (!rows.set(frame, order)) { // LP(get-to claim)
            throw new CorruptedAllocatorException("frame " + hex(frame) + ": exclusive run of order " + order
                + " taken in a held child");
        }
        // PERSIST: the row; a crash before the drain may or may not keep the bits: the intent names the run
        // either way, and nobody else can have set them (the child is held).
        lower.persistence().persist(PersistSite.HELD_CLAIM, rows.lineOf(c));
    }

    /**
     * put-from's hold: holds child {@code c} (which holds the small run to be put) so that no get can take the
     * run's frames once they are cleared, until the caller's durable record of the run is gone. That needs no
     * get in flight: {@code 512 - free - popcount(row) > 0} shows one (or a put between its clear and its
     * release), and then nothing is held.
     *
     * @return false if the child is held already (get-to, put-from, compaction) or has operations in flight
     */
    public boolean markForPut(long c) {
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
     * Clears a run's truth (bits, or huge flag(s) with the counter held at 0) and makes it durable, without
     * releasing its frames to the child counter ({@link Lower#release} does).
     *
     * @throws dev.llfree.DoubleFreeException if the run is free; nothing changed
     * @throws IllegalArgumentException if the run was allocated with another order; nothing changed
     */
    public void clear(long frame, int order) {
        // PERSIST: the cleared bits or flag; a crash before the drain may keep them: the caller's record of
        // the run (a bound intent) decides, and no other get can have taken the run (held, or counter 0).
        lower.persistence().persist(PersistSite.HELD_CLEAR, lower.clear(frame, order));
    }

    /** Ends the hold of a run's child (a huge claim ends it itself). */
    public void unmark(long c, int order) {
        children.unhold(c, RunShape.of(order) == RunShape.PAIR);
    }

    /** Recovery: whether the whole run is allocated in the truth (bits, or huge flag(s)); counters are ignored. */
    public boolean allocated(long frame, int order) {
        return lower.isAllocated(frame, order);
    }

    /**
     * Recovery, single-threaded, before the counters are rebuilt: clears whatever part of the run's bits is
     * set (a claim or a put cut short), or for order 9 and 10 the huge flag(s) of the child(ren).
     */
    public void clearRun(long frame, int order) {
        long c = Geometry.childOf(frame);
        RunShape shape = RunShape.of(order);
        if (shape.huge()) {
            children.store(c, ChildEntry.of(0));
            if (shape == RunShape.PAIR) {
                children.store(c + 1, ChildEntry.of(0));
            }
            return;
        }
        rows.erase(frame, order);
    }
}
