package dev.llfree.core.words;

import static dev.llfree.core.Checks.hex;

import dev.llfree.CorruptedAllocatorException;
import dev.llfree.core.Atomics;
import dev.llfree.core.Geometry;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.persist.Persistence;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The owner of the child-entry longs ({@link ChildEntry}): every CAS on them goes through the one loop here
 * ({@link #update}) with one of the codec's transitions, and the plain stores of single-threaded recovery are here
 * too. Nobody else computes where a child's entry lies.
 *
 * <pre>
 * child area: | tree 0: 8 longs = 32 entries (one 64-byte line) | tree 1 | ...
 * child c:    long c / 4, slot c % 4
 * </pre>
 *
 * <p>A get takes capacity here before it sets bits ({@link #reserve}, {@link #takeHuge}); a put gives it back
 * after its bits are clear ({@link #release}, {@link #releaseHuge}): so a counter never over-reports, and a
 * crash can only leave one too low. The huge, pair and giant flags are truth; counters and marks are derived.
 */
public final class ChildWords {
    private static final VarHandle LONG = Atomics.SEGMENT_LONG;

    private final MemorySegment segment;
    private final long offset;
    private final long bytes;
    private final long children;
    private final int lastCapacity;

    /** The child entries of {@code frames} frames at {@code offset} in {@code segment}. */
    public ChildWords(MemorySegment segment, long offset, long frames) {
        this.segment = segment;
        this.offset = offset;
        this.bytes = LowerLayout.childBytes(frames);
        this.children = Geometry.children(frames);
        this.lastCapacity = (int) Geometry.childCapacity(children - 1, frames);
    }

    public long children() {
        return children;
    }

    /** Frames child {@code child} has (512 except a partial last child). */
    public int capacity(long child) {
        return child == children - 1 ? lastCapacity : Geometry.CHILD_FRAMES;
    }

    /** The 16-bit entry of {@code child}. */
    public int entry(long child) {
        return ChildEntry.get(word(child), ChildEntry.slot(child));
    }

    /** The long holding {@code child}'s entry and those of the three others that share it. */
    public long word(long child) {
        return (long) LONG.getAcquire(segment, offsetOf(child));
    }

    /** Offset of the cache line that holds {@code child}'s entry: its tree's 32 entries. */
    public long lineOf(long child) {
        return offsetOf(child) & -Geometry.CACHE_LINE;
    }

    private static final int RESERVE = 0;
    private static final int GIVE = 1;
    private static final int TAKE_HUGE = 2;
    private static final int CLEAR_HUGE = 3;
    private static final int GIVE_HUGE = 4;
    private static final int MARK_GIANT = 5;
    private static final int RELEASE_GIANT = 6;
    private static final int HOLD = 7;
    private static final int HOLD_FOR = 8;
    private static final int UNHOLD = 9;
    private static final int TAKE_HELD = 10;
    private static final int TAKE_HUGE_HELD = 11;

    /**
     * The CAS loop of the child longs: applies the codec's transition {@code op} (with arguments {@code a..c}) to
     * the long of {@code child} until no other thread changed it in between; every transition returns
     * {@link ChildEntry#NO_UPDATE} when it does not apply, which ends the loop. Callers pass {@code op} as a
     * constant, so once inlined the choice folds away (a lambda would cost an inlining level on the hot path).
     * Lock-free: a failed CAS means another thread's CAS succeeded.
     *
     * @return the long the transition replaced, or {@link ChildEntry#NO_UPDATE} if it refused (nothing written)
     */
    private long update(long child, int op, int a, int b, int c) {
        long off = offsetOf(child);
        int slot = ChildEntry.slot(child);
        long prev;
        long next;
        do {
            prev = (long) LONG.getAcquire(segment, off); // ORDER: pairs with the release of the CAS below
            next = switch (op) {
                case RESERVE -> ChildEntry.reserve(prev, slot, a, b, c);
                case GIVE -> ChildEntry.give(prev, slot, a, b);
                case TAKE_HUGE -> ChildEntry.takeHuge(prev, slot, a != 0, b);
                case CLEAR_HUGE -> ChildEntry.clearHuge(prev, slot, a != 0);
                case GIVE_HUGE -> ChildEntry.giveHuge(prev, slot, a != 0);
                case MARK_GIANT -> ChildEntry.markGiant(prev, a);
                case RELEASE_GIANT -> ChildEntry.releaseGiant(prev);
                case HOLD -> ChildEntry.hold(prev, slot);
                case HOLD_FOR -> ChildEntry.holdFor(prev, slot, a);
                case UNHOLD -> ChildEntry.unhold(prev, slot, a != 0);
                case TAKE_HELD -> ChildEntry.takeHeld(prev, slot, a, b);
                default -> ChildEntry.takeHugeHeld(prev, slot, a != 0, b);
            };
            if (next == ChildEntry.NO_UPDATE) {
                return ChildEntry.NO_UPDATE; // refused: no write happened, nothing to undo
            }
        } while (!LONG.compareAndSet(segment, off, prev, next)); // LP: the successful CAS
        return prev;
    }

    private long offsetOf(long child) {
        return offset + (child / ChildEntry.PER_LONG) * Long.BYTES;
    }

    // ---------------------------------------------------------------------------------------- get and put

    /**
     * Reserves capacity for up to {@code max} runs of {@code 2^order} frames (order below 9) in an open child,
     * recording {@code kind} in the same CAS. Not yet the LP of a get: its bits follow.
     *
     * @return runs reserved (0 if the child is huge, held, giant or has less than one run free)
     */
    public int reserve(long child, int order, int max, int kind) {
        long prev = update(child, RESERVE, order, max, kind);
        return prev == ChildEntry.NO_UPDATE ? 0 : ChildEntry.runs(ChildEntry.get(prev, ChildEntry.slot(child)), order, max);
    }

    /**
     * Gives {@code n} frames back to {@code child}'s counter.
     *
     * @throws CorruptedAllocatorException if the child is huge or the count would exceed its capacity
     */
    public void release(long child, int n) {
        int capacity = capacity(child);
        if (update(child, GIVE, n, capacity, 0) == ChildEntry.NO_UPDATE) {
            throw corrupt(child, "cannot give back " + n + " frames (capacity " + capacity + ")");
        }
    }

    /**
     * Allocates {@code child} (order 9) or the aligned pair at even {@code child} (order 10) as a huge frame if
     * wholly free without flags: one CAS, the LP of a huge get.
     */
    public boolean takeHuge(long child, boolean pair, int kind) {
        return update(child, TAKE_HUGE, pair ? 1 : 0, kind, 0) != ChildEntry.NO_UPDATE;
    }

    /**
     * First step of a huge put: clears the huge flag(s) of {@code child} (or the pair at even {@code child})
     * allocated with the same {@code pair}, counters kept at 0. The LP of a huge put.
     *
     * @return false (nothing written) if it is not allocated that way
     */
    public boolean clearHuge(long child, boolean pair) {
        return update(child, CLEAR_HUGE, pair ? 1 : 0, 0, 0) != ChildEntry.NO_UPDATE;
    }

    /**
     * Second step of a huge put, once the cleared flags are durable: the frames go back to the counter(s).
     *
     * @throws CorruptedAllocatorException if a child is not cleared huge
     */
    public void releaseHuge(long child, boolean pair) {
        if (update(child, GIVE_HUGE, pair ? 1 : 0, 0, 0) == ChildEntry.NO_UPDATE) {
            throw corrupt(child, "cannot release a huge frame" + (pair ? " pair" : ""));
        }
    }

    /** Giant get: the four children of {@code child}'s long, wholly free without flags, become giant; else false. */
    public boolean markGiant(long child, int kind) {
        return update(child, MARK_GIANT, kind, 0, 0) != ChildEntry.NO_UPDATE;
    }

    /**
     * Giant put (or the undo of a get): the four giant children of {@code child}'s long become wholly free.
     *
     * @throws CorruptedAllocatorException if they are not four giant children
     */
    public void releaseGiant(long child, String what) {
        if (update(child, RELEASE_GIANT, 0, 0, 0) == ChildEntry.NO_UPDATE) {
            throw new CorruptedAllocatorException(what + ": child long of child " + child + " is " + hex(word(child))
                + " (expected: four giant children)");
        }
    }

    // ---------------------------------------------------------------------------------------- holds

    /** Compaction's hold of an open child (see {@link ChildEntry#hold}); false if it is huge, giant or held. LP(hold). */
    public boolean hold(long child) {
        return update(child, HOLD, 0, 0, 0) != ChildEntry.NO_UPDATE;
    }

    /** get-to's hold of a child that can serve a run of {@code order} ({@link ChildEntry#holdFor}); else false. */
    public boolean holdFor(long child, int order) {
        return update(child, HOLD_FOR, order, 0, 0) != ChildEntry.NO_UPDATE;
    }

    /** Whether {@code child} could be held for a run of {@code order} now (a racy pre-check, no CAS). */
    public boolean mayHoldFor(long child, int order) {
        return ChildEntry.holdFor(word(child), ChildEntry.slot(child), order) != ChildEntry.NO_UPDATE;
    }

    /**
     * Ends the hold of {@code child} (or of the pair at even {@code child}).
     *
     * @throws CorruptedAllocatorException if it is not held (the hold was ended twice); nothing is written then
     */
    public void unhold(long child, boolean pair) {
        if (update(child, UNHOLD, pair ? 1 : 0, 0, 0) == ChildEntry.NO_UPDATE) {
            throw corrupt(child, "hold ended twice" + (pair ? " (pair)" : ""));
        }
    }

    /**
     * The holder's get of {@code n} frames (a small run) in its held child, recording {@code kind}.
     *
     * @throws CorruptedAllocatorException if the child is not held or has fewer free frames
     */
    public void takeHeld(long child, int n, int kind) {
        if (update(child, TAKE_HELD, n, kind, 0) == ChildEntry.NO_UPDATE) {
            throw corrupt(child, "held get of " + n + " frames");
        }
    }

    /**
     * The holder's huge get: the held, wholly free child (or pair) becomes huge, which ends the hold. LP(get-to claim).
     *
     * @throws CorruptedAllocatorException otherwise
     */
    public void takeHugeHeld(long child, boolean pair, int kind) {
        if (update(child, TAKE_HUGE_HELD, pair ? 1 : 0, kind, 0) == ChildEntry.NO_UPDATE) {
            throw corrupt(child, "held huge get" + (pair ? " of a pair" : ""));
        }
    }

    // ---------------------------------------------------------------------------------------- single-threaded

    /** Stores {@code entry} as {@code child}'s entry with a plain store: recovery, while no other thread runs. */
    public void store(long child, int entry) {
        long off = offsetOf(child);
        LONG.setRelease(segment, off, ChildEntry.with((long) LONG.getAcquire(segment, off), ChildEntry.slot(child), entry));
    }

    /** Makes the whole area durable. */
    public void sync(Persistence persistence, PersistSite site) throws IOException {
        if (bytes > 0) {
            persistence.sync(site, offset, bytes);
        }
    }

    /** Writes "every child wholly free" (a partial last child has its capacity free). */
    public void initialize() {
        segment.asSlice(offset, bytes).fill((byte) 0);
        for (long child = 0; child < children; child++) {
            store(child, ChildEntry.of(capacity(child)));
        }
    }

    private CorruptedAllocatorException corrupt(long child, String what) {
        int e = entry(child);
        return new CorruptedAllocatorException("child " + child + ": " + what + ", entry " + ChildEntry.decode(e)
            + " (" + hex(e) + ")");
    }
}
