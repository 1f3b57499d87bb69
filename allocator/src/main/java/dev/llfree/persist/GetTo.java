package dev.llfree.persist;

import dev.llfree.Destination;
import dev.llfree.DoubleFreeException;
import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.internal.Atomics;
import dev.llfree.internal.Checks;
import dev.llfree.lower.Exclusive;
import dev.llfree.upper.LLFreeAllocator;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * get-to and put-from: a get whose frame number is published into a persistent {@link Destination}, and a
 * put of the frame a destination holds, such that no crash leaves the run allocated but unreferenced (a
 * leak) or referenced but free. The page-level form of PMDK's {@code malloc-to}, without a log.
 *
 * <p>An {@link Intent} slot in the header binds the run and the destination while the operation is in
 * flight; recovery ({@code IntentRecovery}) then makes them agree: a run wholly allocated is written into
 * its destination if that is empty or holds it (completed), otherwise the run is freed and a destination
 * naming it is emptied (undone).
 *
 * <pre>
 * get-to:   take slot ─ mark child, choose run f ─ bind (f, d) ═ set bits ═ d: NO_FRAME → f ═ free slot ═ unmark
 * put-from: take slot ─ bind (f, d) ═ d: f → NO_FRAME ═ clear bits ═ free slot
 *           (═ : a persist point; at each, recovery finds either "f allocated, d = f" or "f free, d empty")
 * </pre>
 * The run is chosen before its bits are set and in a child no other get can take from
 * ({@link dev.llfree.lower.Exclusive}): so the intent is durable before the bits can be, and a set bit
 * under an intent is always the intent's.
 *
 * <p>Slots: one per 64-byte line, taken with a CAS starting at the core's slot. Only when all
 * {@link PoolLayout#INTENTS} are in use does a call wait (spinning) for one.
 */
public final class GetTo {
    private static final VarHandle LONG = Atomics.SEGMENT_LONG;

    private final Memory memory;
    private final MemorySegment segment;
    private final boolean flushes;
    private final LLFreeAllocator allocator;
    private final Roots roots;
    private final Exclusive exclusive;

    public GetTo(Memory memory, LLFreeAllocator allocator, Roots roots) {
        this.memory = memory;
        this.segment = memory.segment();
        this.flushes = memory.durability().flushes();
        this.allocator = allocator;
        this.roots = roots;
        this.exclusive = new Exclusive(allocator.lower());
    }

    /**
     * Allocates a run of {@code 2^order} frames and publishes its first frame into {@code d}, which must be
     * empty ({@link FrameAllocator#NO_FRAME}).
     *
     * @return the frame, or {@link FrameAllocator#NO_FRAME} if no child can serve the run now ({@code d} unchanged)
     * @throws IllegalArgumentException on a bad order or destination
     * @throws IllegalStateException if {@code d} is not empty, or is changed by someone else meanwhile (nothing
     *     is allocated then, and the old value is kept)
     */
    public long getTo(int core, Destination d, int order, Kind kind) {
        Checks.treeOrder(order, "get-to");
        long destination = roots.offset(d);
        requireEmpty(d, roots.get(d));
        long slot = take(core);
        try {
            long frame = allocator.getExclusive(core, order, kind, f -> bind(slot, f, order, d, false));
            if (frame < 0) {
                return frame;
            }
            if (!LONG.compareAndSet(segment, destination, FrameAllocator.NO_FRAME, frame)) {
                long found = roots.get(d);
                // UNDO: the put is durable before the slot is freed; a crash before leaves the bound intent,
                // and recovery frees the run (the destination holds another value).
                allocator.put(core, frame, order);
                throw new IllegalStateException("destination " + d + " changed to " + found + " during get-to;"
                    + " the run was freed");
            }
            // PERSIST: the destination; a crash before the drain may lose it: the intent is still bound,
            // the run allocated, and recovery writes it again.
            roots.persist(destination);
            return frame;
        } finally {
            free(slot);
        }
    }

    /**
     * Frees the run of {@code 2^order} frames whose first frame {@code d} holds, and empties {@code d}.
     *
     * @return the frame freed
     * @throws IllegalArgumentException on a bad order or destination, or a frame that does not fit the order
     * @throws IllegalStateException if {@code d} is empty or changes meanwhile (nothing freed then)
     * @throws dev.llfree.DoubleFreeException if the run is already free (nothing changed)
     */
    public long putFrom(int core, Destination d, int order) {
        long destination = roots.offset(d);
        long frame = roots.get(d);
        if (frame == FrameAllocator.NO_FRAME) {
            throw new IllegalStateException("destination " + d + " is empty: nothing to put");
        }
        Checks.treeOrder(order, "put-from");
        Checks.frame(frame, order, allocator.frames());
        if (allocator.isFree(frame, order)) {
            throw new DoubleFreeException("destination " + d + " holds frame " + Checks.hex(frame)
                + " of order " + order + ", which is already free");
        }
        if (!exclusive.allocated(frame, order)) {
            throw new IllegalArgumentException("destination " + d + " holds frame " + Checks.hex(frame)
                + ", which was not allocated with order " + order);
        }
        long slot = take(core);
        try {
            bind(slot, frame, order, d, true);
            if (!LONG.compareAndSet(segment, destination, frame, FrameAllocator.NO_FRAME)) {
                throw new IllegalStateException("destination " + d + " changed during put-from; nothing was freed");
            }
            // PERSIST: the emptied destination; a crash now finds the run allocated and the destination empty,
            // and recovery completes the other way (writes the frame back): the put had not returned.
            roots.persist(destination);
            try {
                allocator.put(core, frame, order); // PERSIST (in put): cleared bits; a crash finds the run free: done
            } catch (RuntimeException e) {
                LONG.compareAndSet(segment, destination, FrameAllocator.NO_FRAME, frame); // UNDO: a put raced ours
                roots.persist(destination); // PERSIST: the frame is back; the bound intent covered the gap
                throw e;
            }
            return frame;
        } finally {
            free(slot);
        }
    }

    private static void requireEmpty(Destination d, long value) {
        if (value != FrameAllocator.NO_FRAME) {
            throw new IllegalStateException("destination " + d + " is not empty (holds " + value
                + "); put-from it first or clear it");
        }
    }

    /** Takes a free slot (volatile meaning: recovery frees a slot that is only taken). */
    private long take(int core) {
        int first = Math.floorMod(core, PoolLayout.INTENTS);
        for (int i = 0; ; i = (i + 1) % PoolLayout.INTENTS) {
            long off = Intent.offset((first + i) % PoolLayout.INTENTS);
            if ((long) LONG.getAcquire(segment, off) == Intent.FREE
                && LONG.compareAndSet(segment, off, Intent.FREE, Intent.TAKEN)) {
                return off;
            }
            if (i == PoolLayout.INTENTS - 1) {
                Thread.onSpinWait(); // every slot is in use: wait for one
            }
        }
    }

    /** Binds the run and the destination in the slot and makes it durable. */
    private void bind(long slot, long frame, int order, Destination d, boolean put) {
        LONG.setRelease(segment, slot + Long.BYTES, Intent.encode(d));
        LONG.setRelease(segment, slot, Intent.bound(frame, order, put)); // ORDER: after the destination word, same line
        // PERSIST: the bound intent, before the run's bits can be durable; a crash now finds the run free
        // (recovery frees the slot) or, later, allocated (recovery completes).
        persist(slot);
    }

    private void free(long slot) {
        LONG.setRelease(segment, slot + Long.BYTES, 0L);
        LONG.setRelease(segment, slot, Intent.FREE);
        // PERSIST: the freed slot; a crash before the drain keeps the intent, and recovery finds run and
        // destination agreeing already, so it changes nothing but the slot.
        persist(slot);
    }

    private void persist(long offset) {
        if (flushes) {
            memory.flush(offset, PoolLayout.INTENT_BYTES);
            memory.drain();
        }
    }
}
