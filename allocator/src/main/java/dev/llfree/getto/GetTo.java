package dev.llfree.getto;

import dev.llfree.Destination;
import dev.llfree.DoubleFreeException;
import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.core.Checks;
import dev.llfree.core.persist.Memory;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.upper.HeldRuns;
import dev.llfree.core.upper.LLFreeAllocator;
import dev.llfree.file.PoolLayout;
import dev.llfree.file.Roots;
import java.util.concurrent.atomic.AtomicInteger;

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
 * get-to:   take slot ─ hold child, choose run f ─ bind (f, d) ═ claim: set bits ═ d: NO_FRAME → f ═ free slot
 * put-from: take slot ─ bind (f, d) ═ d: f → NO_FRAME ═ hold child ─ clear bits ═ free slot ═ release, let go
 *           (═ : a persist point; at each, recovery finds either "f allocated, d = f" or "f free, d empty")
 * </pre>
 * The run is chosen before its bits are set and in a child no other get can take from
 * ({@link HeldRuns}): so the intent is durable before the bits can be. A freed run (put-from,
 * or a get-to whose destination was taken) stays out of every other get's reach until the slot naming it is
 * durably free: its child is held (small runs; a huge run's child counter stays 0). So a set bit under an
 * intent is always the intent's. A small run whose child cannot be held now (held by another get-to,
 * put-from or compaction, or with a get or put in flight) is not waited for: its slot becomes
 * {@code releasing} ═ and a later call frees the run the same way.
 *
 * <p>Slots: one per 64-byte line, taken with a CAS starting at the core's slot. Only when all
 * {@link PoolLayout#INTENTS} are in use does a call wait (spinning) for one.
 */
public final class GetTo {
    private final LLFreeAllocator allocator;
    private final HeldRuns held;
    private final Roots roots;
    private final IntentSlots slots;
    /** Bit i: slot i is releasing and no thread is freeing its run (volatile meaning: recovery frees the runs). */
    private final AtomicInteger pending = new AtomicInteger();

    public GetTo(Memory memory, LLFreeAllocator allocator, Roots roots) {
        this.allocator = allocator;
        this.held = allocator.held();
        this.roots = roots;
        this.slots = new IntentSlots(memory);
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
        requireEmpty(d, roots.get(d));
        long slot = take(core);
        long frame = held.hold(core, order);
        if (frame < 0) {
            slots.free(slot);
            return frame;
        }
        try {
            slots.bind(slot, frame, order, d, false);
        } catch (RuntimeException e) {
            held.abandon(frame, order); // UNDO: nothing was allocated
            slots.free(slot);
            throw e;
        }
        held.claim(frame, order, kind);
        // PERSIST (in the CAS): the destination; a crash before the drain may lose it: the intent is still bound,
        // the run allocated, and recovery writes it again.
        if (!roots.compareAndSet(d, FrameAllocator.NO_FRAME, frame, PersistSite.DESTINATION)) {
            long found = roots.get(d);
            // UNDO: the run is freed while the bound intent names it (recovery frees it: the destination holds
            // another value), and no other get can take it before the slot is free.
            release(slot, frame, order);
            throw new IllegalStateException("destination " + d + " changed to " + found + " during get-to;"
                + " the run was freed");
        }
        slots.free(slot);
        return frame;
    }

    /**
     * Frees the run of {@code 2^order} frames whose first frame {@code d} holds, and empties {@code d}.
     *
     * <p>The frames are free when this returns, except while another thread has a get or put in flight in the
     * run's 2 MiB child, or holds it for get-to, put-from or compaction: then they are freed by a later get-to
     * or put-from of this pool (or by recovery at the next open), and count as allocated until then.
     *
     * @return the frame freed
     * @throws IllegalArgumentException on a bad order or destination, or a frame that does not fit the order
     * @throws IllegalStateException if {@code d} is empty or changes meanwhile (nothing freed then)
     * @throws DoubleFreeException if the run is already free (nothing changed)
     */
    public long putFrom(int core, Destination d, int order) {
        long frame = roots.get(d);
        if (frame == FrameAllocator.NO_FRAME) {
            throw new IllegalStateException("destination " + d + " is empty: nothing to put");
        }
        Checks.treeOrder(order, "put-from");
        FrameAllocator.checkRun(frame, order, allocator.frames());
        if (allocator.isFree(frame, order)) {
            throw new DoubleFreeException("destination " + d + " holds frame " + Checks.hex(frame)
                + " of order " + order + ", which is already free");
        }
        if (!allocator.lower().isAllocated(frame, order)) {
            throw new IllegalArgumentException("destination " + d + " holds frame " + Checks.hex(frame)
                + ", which was not allocated with order " + order);
        }
        long slot = take(core);
        try {
            slots.bind(slot, frame, order, d, true);
            // PERSIST (in the CAS): the emptied destination; a crash now finds the run allocated and the destination
            // empty, and recovery completes the other way (writes the frame back): the put had not returned.
            if (!roots.compareAndSet(d, frame, FrameAllocator.NO_FRAME, PersistSite.DESTINATION)) {
                throw new IllegalStateException("destination " + d + " changed during put-from; nothing was freed");
            }
        } catch (RuntimeException e) {
            slots.free(slot);
            throw e;
        }
        try {
            release(slot, frame, order);
        } catch (RuntimeException e) {
            // UNDO: a put raced ours; the frame is back (durably), the bound intent covered the gap.
            roots.compareAndSet(d, FrameAllocator.NO_FRAME, frame, PersistSite.DESTINATION);
            slots.free(slot);
            throw e;
        }
        return frame;
    }

    /**
     * Frees the run that the bound {@code slot} names, then the slot, such that no other get can take the run
     * while the slot still names it (in a crash image, recovery would otherwise see another owner's bits as the
     * intent's run). If the run's child cannot be held for that now, the slot becomes {@code releasing}
     * (durably) and the run stays allocated: {@link #settle} frees it later, recovery if a crash comes first.
     *
     * @throws RuntimeException as {@link HeldRuns#clear}; the slot is then still bound
     */
    private void release(long slot, long frame, int order) {
        if (freeHeld(slot, frame, order)) {
            return;
        }
        slots.releasing(slot, frame, order);
        pending.getAndUpdate(p -> p | 1 << IntentSlots.index(slot));
    }

    /**
     * Holds the run's child, clears the run durably, frees the slot, then gives the frames back and lets go.
     *
     * @return false (nothing changed) if the child cannot be held now
     */
    private boolean freeHeld(long slot, long frame, int order) {
        if (!held.holdForPut(frame, order)) {
            return false;
        }
        try {
            held.clear(frame, order);
            slots.free(slot); // ORDER: the slot names the run no more before any get can take the run
            held.release(frame, order);
        } finally {
            held.letGo(frame, order);
        }
        return true;
    }

    /**
     * Frees the runs of releasing slots whose child can be held now; each slot is owned by whoever clears its
     * bit. Every get-to and put-from calls it; the pool's clean close calls it last, when nothing is in flight,
     * so a clean close leaves no releasing slot for the next open to recover.
     */
    public void settle() {
        int snapshot = pending.get();
        for (int rest = snapshot; rest != 0; rest &= rest - 1) {
            int bit = Integer.lowestOneBit(rest);
            if ((pending.getAndUpdate(p -> p & ~bit) & bit) == 0) {
                continue; // another thread owns it now
            }
            long slot = PoolLayout.intentOffset(Integer.numberOfTrailingZeros(bit));
            long word = slots.state(slot);
            if (!freeHeld(slot, Intent.frame(word), Intent.order(word))) {
                pending.getAndUpdate(p -> p | bit); // still busy: left for a later call
            }
        }
    }

    private static void requireEmpty(Destination d, long value) {
        if (value != FrameAllocator.NO_FRAME) {
            throw new IllegalStateException("destination " + d + " is not empty (holds " + value
                + "); put-from it first or clear it");
        }
    }

    /**
     * Frees what releasing slots it can ({@link #settle}), then takes a free slot. Only when all
     * {@link PoolLayout#INTENTS} are in use does it wait (spinning) for one.
     */
    private long take(int core) {
        settle();
        for (long slot; ; ) {
            if ((slot = slots.tryTake(core)) != IntentSlots.NONE) {
                return slot;
            }
            Thread.onSpinWait(); // every slot is in use: wait for one
            settle();
        }
    }
}
