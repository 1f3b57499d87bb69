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
 * The owner of the child-entry longs ({@link ChildEntry}): every CAS on them goes through {@link Atomics#update}
 * with one of the codec's transitions, and the plain stores of single-threaded recovery are here too. Nobody
 * else computes where a child's entry lies.
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
        int slot = ChildEntry.slot(child);
        long prev = Atomics.update(segment, offsetOf(child), w -> ChildEntry.reserve(w, slot, order, max, kind));
        return prev == ChildEntry.NO_UPDATE ? 0 : ChildEntry.runs(ChildEntry.get(prev, slot), order, max);
    }

    /**
     * Gives {@code n} frames back to {@code child}'s counter.
     *
     * @throws CorruptedAllocatorException if the child is huge or the count would exceed its capacity
     */
    public void release(long child, int n) {
        int slot = ChildEntry.slot(child);
        int capacity = capacity(child);
        if (Atomics.update(segment, offsetOf(child), w -> ChildEntry.give(w, slot, n, capacity)) == ChildEntry.NO_UPDATE) {
            throw corrupt(child, "cannot give back " + n + " frames (capacity " + capacity + ")");
        }
    }

    /**
     * Allocates {@code child} (order 9) or the aligned pair at even {@code child} (order 10) as a huge frame if
     * wholly free without flags: one CAS, the LP of a huge get.
     */
    public boolean takeHuge(long child, boolean pair, int kind) {
        int slot = ChildEntry.slot(child);
        return Atomics.update(segment, offsetOf(child), w -> ChildEntry.takeHuge(w, slot, pair, kind)) != ChildEntry.NO_UPDATE;
    }

    /**
     * First step of a huge put: clears the huge flag(s) of {@code child} (or the pair at even {@code child})
     * allocated with the same {@code pair}, counters kept at 0. The LP of a huge put.
     *
     * @return false (nothing written) if it is not allocated that way
     */
    public boolean clearHuge(long child, boolean pair) {
        int slot = ChildEntry.slot(child);
        return Atomics.update(segment, offsetOf(child), w -> ChildEntry.clearHuge(w, slot, pair)) != ChildEntry.NO_UPDATE;
    }

    /**
     * Second step of a huge put, once the cleared flags are durable: the frames go back to the counter(s).
     *
     * @throws CorruptedAllocatorException if a child is not cleared huge
     */
    public void releaseHuge(long child, boolean pair) {
        int slot = ChildEntry.slot(child);
        if (Atomics.update(segment, offsetOf(child), w -> ChildEntry.giveHuge(w, slot, pair)) == ChildEntry.NO_UPDATE) {
            throw corrupt(child, "cannot release a huge frame" + (pair ? " pair" : ""));
        }
    }

    /** Giant get: the four children of {@code child}'s long, wholly free without flags, become giant; else false. */
    public boolean markGiant(long child, int kind) {
        return Atomics.update(segment, offsetOf(child), w -> ChildEntry.markGiant(w, kind)) != ChildEntry.NO_UPDATE;
    }

    /**
     * Giant put (or the undo of a get): the four giant children of {@code child}'s long become wholly free.
     *
     * @throws CorruptedAllocatorException if they are not four giant children
     */
    public void releaseGiant(long child, String what) {
        if (Atomics.update(segment, offsetOf(child), ChildEntry::releaseGiant) == ChildEntry.NO_UPDATE) {
            throw new CorruptedAllocatorException(what + ": child long of child " + child + " is " + hex(word(child))
                + " (expected: four giant children)");
        }
    }

    // ---------------------------------------------------------------------------------------- holds

    /** Compaction's hold of an open child (see {@link ChildEntry#hold}); false if it is huge, giant or held. LP(hold). */
    public boolean hold(long child) {
        int slot = ChildEntry.slot(child);
        return Atomics.update(segment, offsetOf(child), w -> ChildEntry.hold(w, slot)) != ChildEntry.NO_UPDATE;
    }

    /** get-to's hold of a child that can serve a run of {@code order} ({@link ChildEntry#holdFor}); else false. */
    public boolean holdFor(long child, int order) {
        int slot = ChildEntry.slot(child);
        return Atomics.update(segment, offsetOf(child), w -> ChildEntry.holdFor(w, slot, order)) != ChildEntry.NO_UPDATE;
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
        int slot = ChildEntry.slot(child);
        if (Atomics.update(segment, offsetOf(child), w -> ChildEntry.unhold(w, slot, pair)) == ChildEntry.NO_UPDATE) {
            throw corrupt(child, "hold ended twice" + (pair ? " (pair)" : ""));
        }
    }

    /**
     * The holder's get of {@code n} frames (a small run) in its held child, recording {@code kind}.
     *
     * @throws CorruptedAllocatorException if the child is not held or has fewer free frames
     */
    public void takeHeld(long child, int n, int kind) {
        int slot = ChildEntry.slot(child);
        if (Atomics.update(segment, offsetOf(child), w -> ChildEntry.takeHeld(w, slot, n, kind)) == ChildEntry.NO_UPDATE) {
            throw corrupt(child, "held get of " + n + " frames");
        }
    }

    /**
     * The holder's huge get: the held, wholly free child (or pair) becomes huge, which ends the hold. LP(get-to claim).
     *
     * @throws CorruptedAllocatorException otherwise
     */
    public void takeHugeHeld(long child, boolean pair, int kind) {
        int slot = ChildEntry.slot(child);
        if (Atomics.update(segment, offsetOf(child), w -> ChildEntry.takeHugeHeld(w, slot, pair, kind)) == ChildEntry.NO_UPDATE) {
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
