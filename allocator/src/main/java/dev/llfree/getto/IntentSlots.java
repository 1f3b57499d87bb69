package dev.llfree.getto;

import dev.llfree.Destination;
import dev.llfree.core.Atomics;
import dev.llfree.core.persist.Memory;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.persist.Persistence;
import dev.llfree.file.PoolLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The owner of the intent slots in a pool header ({@link PoolLayout#INTENTS_OFFSET}): {@link PoolLayout#INTENTS}
 * slots of one 64-byte line each, a state word and a destination word ({@link Intent}). A slot is taken with a
 * CAS from free, starting at the core's slot; every state a crash may find is persisted before the operation goes
 * on. The destination word is written before the state word, in the same line.
 */
final class IntentSlots {
    private static final VarHandle LONG = Atomics.SEGMENT_LONG;
    /** What {@link #tryTake} returns when every slot is in use. */
    static final long NONE = -1;

    private final MemorySegment segment;
    private final Persistence persistence;

    IntentSlots(Memory memory) {
        this.segment = memory.segment();
        this.persistence = memory.persistence();
    }

    /** The index of the slot at {@code slot}. */
    static int index(long slot) {
        return (int) ((slot - PoolLayout.INTENTS_OFFSET) / PoolLayout.INTENT_BYTES);
    }

    /** The state word of the slot at {@code slot}. */
    long state(long slot) {
        return (long) LONG.getAcquire(segment, slot);
    }

    /** The destination word of the slot at {@code slot}. */
    long destination(long slot) {
        return (long) LONG.getAcquire(segment, slot + Long.BYTES);
    }

    /**
     * Takes a free slot, the core's own first (volatile in meaning: recovery frees a slot that is only taken).
     *
     * @return the slot's offset, or {@link #NONE} if all were in use during one pass
     */
    long tryTake(int core) {
        int first = Math.floorMod(core, PoolLayout.INTENTS);
        for (int i = 0; i < PoolLayout.INTENTS; i++) {
            long slot = PoolLayout.intentOffset((first + i) % PoolLayout.INTENTS);
            if (state(slot) == Intent.FREE && LONG.compareAndSet(segment, slot, Intent.FREE, Intent.TAKEN)) { // LP(take)
                return slot;
            }
        }
        return NONE;
    }

    /** Binds the run and the destination in the taken slot, durably. */
    void bind(long slot, long frame, int order, Destination d, boolean put) {
        LONG.setRelease(segment, slot + Long.BYTES, Intent.encode(d));
        LONG.setRelease(segment, slot, Intent.bound(frame, order, put)); // ORDER: after the destination word, same line
        // PERSIST: the bound intent, before the run's bits can be durable; a crash now finds the run free
        // (recovery frees the slot) or, later, allocated (recovery completes).
        persistence.persist(PersistSite.INTENT_BIND, slot);
    }

    /** Marks the bound slot's run as to be freed later (the destination word stays), durably. */
    void releasing(long slot, long frame, int order) {
        LONG.setRelease(segment, slot, Intent.releasing(frame, order));
        // PERSIST: the releasing intent; a crash before the drain finds the slot bound, the run allocated and the
        // destination no longer holding it, which recovery resolves as before (the call had not returned).
        persistence.persist(PersistSite.INTENT_RELEASING, slot);
    }

    /**
     * Frees the slot, durably. Only the state word changes: the destination word means something only in a bound
     * or releasing slot, so it is left as it is. Clearing it too would be wrong in either order: first, and the line
     * may be written back in between, holding a bound intent whose destination reads as {@code data(0)}; after, and
     * another core may have taken and bound the freed slot, whose destination the late store would overwrite.
     */
    void free(long slot) {
        LONG.setRelease(segment, slot, Intent.FREE);
        // PERSIST: the freed slot; a crash before the drain keeps the intent, and recovery finds run and destination
        // agreeing already, so it changes nothing but the slot.
        persistence.persist(PersistSite.INTENT_FREE, slot);
    }

    /** Frees the slot with a plain store, not persisted: recovery, which persists the header at its end. */
    void erase(long slot) {
        LONG.setRelease(segment, slot, Intent.FREE);
    }
}
