package dev.llfree.core.words;

import dev.llfree.core.Atomics;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The CAS loop of bit words, where every value is valid (bitfield rows, giant bits): one loop, whose transition
 * is chosen by an op code the callers pass as a constant, so that once inlined the choice folds away (a lambda
 * would cost an inlining level on the hot path of every get and put). The transition picks the bits to invert in
 * the value read (a run to set is all clear in it, a run to clear all set), or 0 to refuse.
 */
final class BitWords {
    /** Set the lowest {@code max} free aligned runs of {@code 2^order} bits. */
    static final int CLAIM_LOWEST = 0;
    /** Set the highest free aligned run of {@code 2^order} bits. */
    static final int CLAIM_HIGHEST = 1;
    /** Set {@code mask}, all of whose bits must be clear. */
    static final int SET = 2;
    /** Clear {@code mask}, all of whose bits must be set. */
    static final int CLEAR = 3;

    private static final VarHandle LONG = Atomics.SEGMENT_LONG;

    private BitWords() { }

    /**
     * Applies transition {@code op} to the word at {@code offset} until no other thread changed it in between.
     * Lock-free: a failed CAS means another thread's CAS succeeded.
     *
     * @return the bits inverted, or 0 if the transition refused (then nothing was written)
     */
    static long flip(MemorySegment segment, long offset, int op, long mask, int order, int max) {
        long prev;
        long bits;
        do {
            prev = (long) LONG.getAcquire(segment, offset); // ORDER: pairs with the release of the CAS below
            bits = switch (op) {
                case CLAIM_LOWEST -> Bitfield.firstRuns(Bitfield.freeRuns(prev, order), order, max);
                case CLAIM_HIGHEST -> Bitfield.lastRun(Bitfield.freeRuns(prev, order), order);
                case SET -> (prev & mask) == 0 ? mask : 0;
                default -> (prev & mask) == mask ? mask : 0;
            };
            if (bits == 0) {
                return 0; // refused: no write happened
            }
        } while (!LONG.compareAndSet(segment, offset, prev, prev ^ bits)); // LP: the successful CAS
        return bits;
    }
}
