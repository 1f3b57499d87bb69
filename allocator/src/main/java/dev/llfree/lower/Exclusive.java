package dev.llfree.lower;

import static dev.llfree.internal.Checks.hex;

import dev.llfree.CorruptedAllocatorException;
import dev.llfree.FrameAllocator;
import dev.llfree.internal.Atomics;
import dev.llfree.internal.Geometry;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

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
 *   <li>{@link #mark}: one CAS sets the child's {@code evacuating} flag (for order 10 both children's). From
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
 * The mark is volatile in meaning (recovery clears it), as for compaction, which skips marked children.
 */
public final class Exclusive {
    private static final VarHandle LONG = Atomics.SEGMENT_LONG;

    private final Lower lower;
    private final MemorySegment segment;

    public Exclusive(Lower lower) {
        this.lower = lower;
        this.segment = lower.segment();
    }

    /** Whether child {@code c} looks able to serve an exclusive run of {@code order} (a racy pre-check, no CAS). */
    public boolean mayServe(long c, int order) {
        long word = (long) LONG.getAcquire(segment, lower.childWordOffset(c));
        return ChildEntry.markExclusive(word, ChildEntry.slot(c), order) != ChildEntry.NO_UPDATE;
    }

    /**
     * Marks child {@code c} (order 10: the even {@code c} and its partner) and chooses the run the caller
     * will {@link #claim}.
     *
     * @return the run's first frame, or {@link FrameAllocator#NO_FRAME} (then nothing is marked)
     */
    public long mark(long c, int order) {
        long off = lower.childWordOffset(c);
        int slot = ChildEntry.slot(c);
        long prev;
        long next;
        do {
            prev = (long) LONG.getAcquire(segment, off);
            next = ChildEntry.markExclusive(prev, slot, order);
            if (next == ChildEntry.NO_UPDATE) {
                return FrameAllocator.NO_FRAME;
            }
        } while (!LONG.compareAndSet(segment, off, prev, next)); // LP(mark): no other get takes from the child now
        if (order >= Geometry.CHILD_ORDER) {
            return Geometry.firstFrameOfChild(c);
        }
        int free = ChildEntry.free(ChildEntry.get(prev, slot));
        long frame = Geometry.CHILD_FRAMES - free == lower.allocatedInRow(c) ? firstFreeRun(c, order) : FrameAllocator.NO_FRAME;
        if (frame < 0) {
            unmark(c, order); // UNDO: a get reserved capacity before the mark, or the row has no aligned run
        }
        return frame;
    }

    private long firstFreeRun(long c, int order) {
        long row = c * Geometry.ROW_WORDS;
        if (order > Bitfield.MAX_WORD_ORDER) {
            int words = 1 << (order - Geometry.WORD_ORDER);
            for (long g = row; g < row + Geometry.ROW_WORDS; g += words) {
                if (lower.groupFree(g, words)) {
                    return g * Geometry.WORD_BITS;
                }
            }
            return FrameAllocator.NO_FRAME;
        }
        for (long w = row; w < row + Geometry.ROW_WORDS; w++) {
            long run = Bitfield.firstRuns(Bitfield.freeRuns(lower.word(w), order), order, 1);
            if (run != 0) {
                return w * Geometry.WORD_BITS + Long.numberOfTrailingZeros(run);
            }
        }
        return FrameAllocator.NO_FRAME;
    }

    /**
     * Allocates the run {@link #mark} chose, in the marked child, and makes it durable.
     *
     * @param kind the kind ordinal recorded in the child
     * @throws CorruptedAllocatorException if the run is no longer free (only a bug elsewhere can cause it)
     */
    public void claim(long frame, int order, int kind) {
        long c = Geometry.childOf(frame);
        long off = lower.childWordOffset(c);
        int slot = ChildEntry.slot(c);
        long prev;
        long next;
        do {
            prev = (long) LONG.getAcquire(segment, off);
            next = switch (Integer.signum(order - Geometry.CHILD_ORDER)) {
                case -1 -> ChildEntry.withKind(ChildEntry.takeMarked(prev, slot, 1 << order), slot, kind);
                case 0 -> ChildEntry.withKind(ChildEntry.takeHugeMarked(prev, slot, false), slot, kind);
                default -> ChildEntry.withKind(ChildEntry.withKind(ChildEntry.takeHugeMarked(
                    ChildEntry.takeHugeMarked(prev, slot, true), slot + 1, true), slot + 1, kind), slot, kind);
            };
            if (next == ChildEntry.NO_UPDATE) {
                throw new CorruptedAllocatorException("child " + c + ": exclusive get of order " + order
                    + " found entry " + ChildEntry.decode(ChildEntry.get(prev, slot)));
            }
        } while (!LONG.compareAndSet(segment, off, prev, next)); // order >= 9: LP(get-to claim)
        if (order >= Geometry.CHILD_ORDER) {
            // PERSIST: the huge flag(s) in the tree's child line: from the drain on the run is allocated in
            // every crash image, and the caller's durable intent names it.
            lower.persist(off);
            return;
        }
        setBits(frame, order);
        // PERSIST: the row; a crash before the drain may or may not keep the bits: the intent names the run
        // either way, and nobody else can have set them (the child is marked).
        lower.persist(lower.rowOffset(c));
    }

    private void setBits(long frame, int order) {
        if (order > Bitfield.MAX_WORD_ORDER) {
            if (!lower.swapWords(Geometry.wordOf(frame), 1 << (order - Geometry.WORD_ORDER), 0L, -1L)) {
                throw new CorruptedAllocatorException("frame " + hex(frame) + ": a word of an exclusive run of order "
                    + order + " was taken");
            }
            return;
        }
        long off = lower.wordOffset(Geometry.wordOf(frame));
        long mask = Bitfield.runMask((int) (frame & (Geometry.WORD_BITS - 1)), order);
        long prev;
        do {
            prev = (long) LONG.getAcquire(segment, off);
            if ((prev & mask) != 0) {
                throw new CorruptedAllocatorException("frame " + hex(frame) + ": exclusive run of order " + order
                    + " taken, word " + hex(prev));
            }
        } while (!LONG.compareAndSet(segment, off, prev, prev | mask)); // LP(get-to claim); a failed CAS: a put changed other bits
    }

    /**
     * put-from's mark: marks child {@code c} (which holds the small run to be put) so that no get can take the
     * run's frames once they are cleared, until the caller's durable record of the run is gone. That needs no
     * get in flight: {@code 512 - free - popcount(row) > 0} shows one (or a put between its clear and its
     * release), and then nothing is marked.
     *
     * @return false if the child is marked already (get-to, put-from, compaction) or has operations in flight
     */
    public boolean markForPut(long c) {
        if (!lower.markEvacuating(c)) { // LP(mark): no get reserves capacity in the child from now on
            return false;
        }
        if (Geometry.CHILD_FRAMES - ChildEntry.free(lower.childEntry(c)) == lower.allocatedInRow(c)) {
            return true;
        }
        lower.clearEvacuating(c); // UNDO: a get in flight could take the run's frames once they are cleared
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
        // the run (a bound intent) decides, and no other get can have taken the run (marked, or counter 0).
        lower.persist(lower.clear(frame, order));
    }

    /** Drops the mark of a small run's child (huge claims drop it themselves). */
    public void unmark(long c, int order) {
        if (order < Geometry.CHILD_ORDER) {
            lower.clearEvacuating(c);
            return;
        }
        long off = lower.childWordOffset(c);
        int slot = ChildEntry.slot(c);
        int pairs = order > Geometry.CHILD_ORDER ? 2 : 1;
        long prev;
        long next;
        do {
            prev = (long) LONG.getAcquire(segment, off);
            next = prev;
            for (int s = slot; s < slot + pairs; s++) {
                next = ChildEntry.clearEvacuating(next, s);
            }
            if (next == ChildEntry.NO_UPDATE) {
                throw new CorruptedAllocatorException("child " + c + ": exclusive mark cleared twice");
            }
        } while (!LONG.compareAndSet(segment, off, prev, next));
    }

    /** Recovery: whether the whole run is allocated in the truth (bits, or huge flag(s)); counters are ignored. */
    public boolean allocated(long frame, int order) {
        long c = Geometry.childOf(frame);
        if (order >= Geometry.CHILD_ORDER) {
            boolean pair = order > Geometry.CHILD_ORDER;
            int e = lower.childEntry(c);
            return ChildEntry.huge(e) && ChildEntry.pair(e) == pair && (!pair || ChildEntry.huge(lower.childEntry(c + 1)));
        }
        if (ChildEntry.huge(lower.childEntry(c))) {
            return false;
        }
        for (long f = frame; f < frame + (1L << order); f += Geometry.WORD_BITS) {
            long mask = order >= Geometry.WORD_ORDER ? -1L : Bitfield.runMask((int) (f & (Geometry.WORD_BITS - 1)), order);
            if ((lower.word(Geometry.wordOf(f)) & mask) != mask) {
                return false;
            }
        }
        return true;
    }

    /**
     * Recovery, single-threaded, before the counters are rebuilt: clears whatever part of the run's bits is
     * set (a claim or a put cut short), or for order 9 and 10 the huge flag(s) of the child(ren).
     */
    public void clearRun(long frame, int order) {
        long c = Geometry.childOf(frame);
        if (order >= Geometry.CHILD_ORDER) {
            long off = lower.childWordOffset(c);
            long word = (long) LONG.getAcquire(segment, off);
            for (long k = c; k < c + (order > Geometry.CHILD_ORDER ? 2 : 1); k++) {
                word = ChildEntry.with(word, ChildEntry.slot(k), ChildEntry.of(0));
            }
            LONG.setRelease(segment, off, word);
            return;
        }
        for (long f = frame; f < frame + (1L << order); f += Geometry.WORD_BITS) {
            long mask = order >= Geometry.WORD_ORDER ? -1L : Bitfield.runMask((int) (f & (Geometry.WORD_BITS - 1)), order);
            long off = lower.wordOffset(Geometry.wordOf(f));
            LONG.setRelease(segment, off, (long) LONG.getAcquire(segment, off) & ~mask);
        }
    }
}
