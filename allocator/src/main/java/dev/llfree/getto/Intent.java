package dev.llfree.getto;

import dev.llfree.Destination;
import dev.llfree.core.Checks;
import dev.llfree.core.Geometry;

/**
 * An intent slot of the pool header ({@link dev.llfree.file.PoolLayout#INTENTS_OFFSET}): one 64-byte line holding what a
 * get-to or put-from in flight binds together, a run and a destination, so that recovery can make them
 * agree (both or neither) after a crash.
 *
 * <pre>
 *  +0  state word:  | 63 0 | 62..16 frame | 15..9 unused | 8 put | 7..2 order | 1..0 state (0 free, 1 taken, 2 bound, 3 releasing) |
 *  +8  destination: | 63 0 | 62 root | 61..0 root index, or offset in the data area |
 * </pre>
 *
 * {@code taken}: a thread owns the slot, nothing is bound yet (recovery just frees it). {@code bound}: the
 * run and the destination belong together; recovery completes or undoes the operation ({@code IntentRecovery}).
 * {@code put}: the operation is a put-from (else a get-to); it decides only the case of a destination that
 * holds neither the run nor NO_FRAME (someone else wrote it): a get-to's run was never published and is
 * freed, a put-from's run was not freed and stays allocated. {@code releasing}: the run is to be freed and
 * nothing else names it any more (a put-from whose destination is empty, or a get-to whose destination was
 * taken); its bits stay set until the owner can free it with no get able to take it
 * ({@link dev.llfree.core.upper.HeldRuns#holdForPut}), and recovery frees it.
 * The destination word is written before the state word, in the same line.
 */
public final class Intent {
    public static final int STATE_BITS = 2;
    public static final long STATE_MASK = (1L << STATE_BITS) - 1;
    public static final long FREE = 0;
    public static final long TAKEN = 1;
    public static final long BOUND = 2;
    public static final long RELEASING = 3;
    public static final int ORDER_BITS = 6;
    public static final int ORDER_SHIFT = STATE_BITS;
    public static final long ORDER_MASK = ((1L << ORDER_BITS) - 1) << ORDER_SHIFT;
    public static final int PUT_SHIFT = ORDER_SHIFT + ORDER_BITS;
    public static final long PUT_MASK = 1L << PUT_SHIFT;
    public static final int FRAME_SHIFT = 16;
    public static final long ROOT_FLAG = 1L << 62;

    static {
        if (Geometry.MAX_FRAMES > 1L << (Long.SIZE - 1 - FRAME_SHIFT)) {
            throw new AssertionError("frame does not fit the intent word");
        }
    }

    private Intent() { }

    /** The state word of a bound intent. */
    public static long bound(long frame, int order, boolean put) {
        return frame << FRAME_SHIFT | (put ? PUT_MASK : 0) | (long) order << ORDER_SHIFT | BOUND;
    }

    /** The state word of a run to be freed (the destination word is left as bound). */
    public static long releasing(long frame, int order) {
        return frame << FRAME_SHIFT | (long) order << ORDER_SHIFT | RELEASING;
    }

    public static boolean put(long word) {
        return (word & PUT_MASK) != 0;
    }

    public static long state(long word) {
        return word & STATE_MASK;
    }

    public static int order(long word) {
        return (int) ((word & ORDER_MASK) >>> ORDER_SHIFT);
    }

    public static long frame(long word) {
        return word >>> FRAME_SHIFT;
    }

    /** Whether the unused bits are clear (a state word no build of this format writes otherwise is damage). */
    public static boolean wellFormed(long word) {
        return (word & ((1L << FRAME_SHIFT) - 1) & ~(STATE_MASK | ORDER_MASK | PUT_MASK)) == 0 && word >= 0;
    }

    public static long encode(Destination d) {
        return d.root() ? ROOT_FLAG | d.position() : d.position();
    }

    /** @throws IllegalArgumentException if the word is not a destination (damage) */
    public static Destination decode(long word) {
        if (word < 0 || (word & ROOT_FLAG) != 0 && (word & ~ROOT_FLAG) >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("destination word " + Checks.hex(word) + " is not a destination");
        }
        return (word & ROOT_FLAG) != 0 ? Destination.root((int) (word & ~ROOT_FLAG)) : Destination.data(word);
    }
}
