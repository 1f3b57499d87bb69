package dev.llfree.recovery;

import static dev.llfree.internal.Checks.hex;

import dev.llfree.Destination;
import dev.llfree.FrameAllocator;
import dev.llfree.internal.Atomics;
import dev.llfree.internal.Geometry;
import dev.llfree.lower.Exclusive;
import dev.llfree.lower.Lower;
import dev.llfree.persist.Intent;
import dev.llfree.persist.Memory;
import dev.llfree.persist.PersistSite;
import dev.llfree.persist.PoolLayout;
import dev.llfree.persist.Roots;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * Recovery of the get-to / put-from intents ({@link Intent}, {@link dev.llfree.persist.GetTo}) a crash left
 * bound: it makes the run and its destination agree, before the counters are rebuilt.
 * <ul>
 *   <li>run wholly allocated, destination empty or holding it: the destination gets the frame (completed);</li>
 *   <li>run wholly allocated, destination holding another value: a get-to's run is freed (it was never
 *       published), a put-from's run stays (the put-from had been refused) (undone);</li>
 *   <li>run not wholly allocated: any bits of it are cleared and a destination holding it is emptied (undone);</li>
 *   <li>a releasing intent: the run is freed, the destination left alone (undone).</li>
 * </ul>
 * Every slot is then freed. The mark of the child an exclusive get used is cleared by the counter rebuild.
 * Single-threaded, on a pool no one else has open.
 */
public final class IntentRecovery {
    private static final VarHandle LONG = Atomics.SEGMENT_LONG;

    /** Intents completed (run kept, destination holds it) and undone (run freed or kept unpublished). */
    public record Result(long completed, long undone) { }

    private IntentRecovery() { }

    /** Whether any slot is in use (a clean close leaves none). */
    public static boolean any(MemorySegment file) {
        for (int i = 0; i < PoolLayout.INTENTS; i++) {
            if ((long) LONG.getAcquire(file, Intent.offset(i)) != Intent.FREE) {
                return true;
            }
        }
        return false;
    }

    /** The first slot no crash can leave (bad bits, frame or destination), described, or null. Reads only. */
    public static String problem(MemorySegment file, long frames, Roots roots) {
        for (int i = 0; i < PoolLayout.INTENTS; i++) {
            long word = (long) LONG.getAcquire(file, Intent.offset(i));
            if (!Intent.wellFormed(word)) {
                return "intent slot " + i + ": state word " + hex(word) + " is not an intent";
            }
            if (Intent.state(word) < Intent.BOUND) {
                continue;
            }
            long frame = Intent.frame(word);
            int order = Intent.order(word);
            if (order > Geometry.MAX_ORDER || frame + (1L << order) > frames || (frame & ((1L << order) - 1)) != 0) {
                return "intent slot " + i + ": run " + hex(frame) + " of order " + order + " is not a run of this pool";
            }
            try {
                roots.offset(Intent.decode((long) LONG.getAcquire(file, Intent.offset(i) + Long.BYTES)));
            } catch (IllegalArgumentException e) {
                return "intent slot " + i + ": " + e.getMessage();
            }
        }
        return null;
    }

    /** Resolves every bound intent (after {@link #problem} found none) and frees every slot, durably. */
    public static Result resolve(Lower lower, Memory memory, Roots roots) throws IOException {
        MemorySegment file = memory.segment();
        Exclusive truth = new Exclusive(lower);
        long completed = 0;
        long undone = 0;
        for (int i = 0; i < PoolLayout.INTENTS; i++) {
            long slot = Intent.offset(i);
            long word = (long) LONG.getAcquire(file, slot);
            if (Intent.state(word) == Intent.RELEASING) {
                // The owner excluded every get from the run while the slot names it: the set bits are its own.
                truth.clearRun(Intent.frame(word), Intent.order(word));
                undone++;
            } else if (Intent.state(word) == Intent.BOUND) {
                Destination d = Intent.decode((long) LONG.getAcquire(file, slot + Long.BYTES));
                boolean kept = resolve(truth, roots, d, Intent.frame(word), Intent.order(word), Intent.put(word));
                completed += kept ? 1 : 0;
                undone += kept ? 0 : 1;
            }
            LONG.setRelease(file, slot + Long.BYTES, 0L);
            LONG.setRelease(file, slot, Intent.FREE);
        }
        // PERSIST: bits, destinations and slots; a crash during recovery repeats it, which finds the same
        // answers (every rule is idempotent).
        memory.persistence().sync(PersistSite.RECOVERY, 0, PoolLayout.HEADER_BYTES);
        lower.sync(PersistSite.RECOVERY);
        return new Result(completed, undone);
    }

    /** @return whether the run stays allocated and published */
    private static boolean resolve(Exclusive truth, Roots roots, Destination d, long frame, int order, boolean put) {
        long held = roots.get(d);
        if (truth.allocated(frame, order)) {
            if (held == frame || held == FrameAllocator.NO_FRAME) {
                roots.set(d, frame);
                return true;
            }
            if (!put) {
                truth.clearRun(frame, order);
            }
            return false;
        }
        if (order < Geometry.CHILD_ORDER) {
            truth.clearRun(frame, order); // the bits a claim or a put cut short left
        }
        if (held == frame) {
            roots.set(d, FrameAllocator.NO_FRAME);
        }
        return false;
    }
}
