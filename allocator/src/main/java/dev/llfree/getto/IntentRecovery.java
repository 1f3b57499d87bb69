package dev.llfree.getto;

import static dev.llfree.core.Checks.hex;

import dev.llfree.Destination;
import dev.llfree.FrameAllocator;
import dev.llfree.core.Geometry;
import dev.llfree.core.RunShape;
import dev.llfree.core.lower.Lower;
import dev.llfree.core.persist.Memory;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.words.ChildEntry;
import dev.llfree.file.PoolLayout;
import dev.llfree.file.Roots;
import java.io.IOException;

/**
 * Recovery of the get-to / put-from intents ({@link Intent}, {@link GetTo}) a crash left
 * bound: it makes the run and its destination agree, before the counters are rebuilt.
 * <ul>
 *   <li>run wholly allocated, destination empty or holding it: the destination gets the frame (completed);</li>
 *   <li>run wholly allocated, destination holding another value: a get-to's run is freed (it was never
 *       published), a put-from's run stays (the put-from had been refused) (undone);</li>
 *   <li>run not wholly allocated: any bits of it are cleared and a destination holding it is emptied (undone);</li>
 *   <li>a releasing intent: the run is freed, the destination left alone (undone).</li>
 * </ul>
 * Every slot is then freed. The hold of the child a held get used is cleared by the counter rebuild.
 * Single-threaded, on a pool no one else has open.
 */
public final class IntentRecovery {
    /** Intents completed (run kept, destination holds it) and undone (run freed or kept unpublished). */
    public record Result(long completed, long undone) { }

    private IntentRecovery() { }

    /** Whether any slot is in use (a clean close leaves none). */
    public static boolean any(Memory memory) {
        IntentSlots slots = new IntentSlots(memory);
        for (int i = 0; i < PoolLayout.INTENTS; i++) {
            if (slots.state(PoolLayout.intentOffset(i)) != Intent.FREE) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first slot no crash can leave, described, or null: bad bits, a frame or destination outside the pool, or a
     * run whose children contradict it (a get-to or put-from holds its run's children: no giant frame, huge frame
     * of another order or smaller runs can lie under its run while the slot names it). Reads only: a pool refused
     * for it is unchanged.
     */
    public static String problem(Memory memory, Lower lower, Roots roots) {
        long frames = lower.frames();
        IntentSlots slots = new IntentSlots(memory);
        for (int i = 0; i < PoolLayout.INTENTS; i++) {
            long word = slots.state(PoolLayout.intentOffset(i));
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
                roots.offset(Intent.decode(slots.destination(PoolLayout.intentOffset(i))));
            } catch (IllegalArgumentException e) {
                return "intent slot " + i + ": " + e.getMessage();
            }
            String truth = contradiction(lower, frame, order);
            if (truth != null) {
                return "intent slot " + i + ": run " + hex(frame) + " of order " + order + " " + truth;
            }
        }
        return null;
    }

    /** What in the run's children contradicts an intent naming it, or null. */
    private static String contradiction(Lower lower, long frame, int order) {
        long first = Geometry.childOf(frame);
        if (!RunShape.huge(order)) {
            int e = lower.childEntry(first);
            return ChildEntry.whole(e) ? "lies in a child allocated whole " + ChildEntry.decode(e) : null;
        }
        for (long c = first; c < first + (1L << (order - Geometry.CHILD_ORDER)); c++) {
            int e = lower.childEntry(c);
            if (ChildEntry.giant(e)) {
                return "lies in a giant frame (child " + c + " is " + ChildEntry.decode(e) + ")";
            }
            if (ChildEntry.huge(e) ? ChildEntry.pair(e) != RunShape.pair(order) : lower.allocatedInRow(c) != 0) {
                return "does not match child " + c + " (" + ChildEntry.decode(e) + ", " + lower.allocatedInRow(c)
                    + " bits set in its row)";
            }
        }
        return null;
    }

    /** Resolves every bound intent (after {@link #problem} found none) and frees every slot, durably. */
    public static Result resolve(Lower lower, Memory memory, Roots roots) throws IOException {
        IntentSlots slots = new IntentSlots(memory);
        long completed = 0;
        long undone = 0;
        for (int i = 0; i < PoolLayout.INTENTS; i++) {
            long slot = PoolLayout.intentOffset(i);
            long word = slots.state(slot);
            if (Intent.state(word) == Intent.RELEASING) {
                // The owner excluded every get from the run while the slot names it: the set bits are its own.
                lower.erase(Intent.frame(word), Intent.order(word));
                undone++;
            } else if (Intent.state(word) == Intent.BOUND) {
                Destination d = Intent.decode(slots.destination(slot));
                boolean kept = resolve(lower, roots, d, Intent.frame(word), Intent.order(word), Intent.put(word));
                completed += kept ? 1 : 0;
                undone += kept ? 0 : 1;
            }
            slots.erase(slot);
        }
        // PERSIST: bits, destinations and slots; a crash during recovery repeats it, which finds the same
        // answers (every rule is idempotent).
        memory.persistence().sync(PersistSite.RECOVERY, 0, PoolLayout.HEADER_BYTES);
        lower.sync(PersistSite.RECOVERY);
        return new Result(completed, undone);
    }

    /** @return whether the run stays allocated and published */
    private static boolean resolve(Lower lower, Roots roots, Destination d, long frame, int order, boolean put) {
        long held = roots.get(d);
        if (lower.isAllocated(frame, order)) {
            if (held == frame || held == FrameAllocator.NO_FRAME) {
                roots.set(d, frame);
                return true;
            }
            if (!put) {
                lower.erase(frame, order);
            }
            return false;
        }
        if (order < Geometry.CHILD_ORDER) {
            lower.erase(frame, order); // the bits a claim or a put cut short left
        }
        if (held == frame) {
            roots.set(d, FrameAllocator.NO_FRAME);
        }
        return false;
    }
}
