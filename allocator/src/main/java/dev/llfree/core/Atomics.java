package dev.llfree.core;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.LongUnaryOperator;

/**
 * The VarHandles every atomic access in the allocator goes through, and the two CAS loops every word owner
 * uses: {@link #update} for words with a sentinel ({@link #NO_UPDATE}) no valid value takes, {@link #flip} for
 * bit words, where every value is valid.
 *
 * <p>All handles are {@code static final} (a non-constant VarHandle costs ~5x) and use {@code long}
 * offsets and values: with {@link VarHandle#withInvokeExactBehavior()} an {@code int} offset, which
 * would make a CAS ~12x slower, fails at the call instead of silently converting.
 *
 * <p>Orderings: the read that starts a CAS loop is {@code getAcquire}; updates are {@code compareAndSet}
 * (volatile semantics) or {@code getAndAdd}; hints use {@code setOpaque}. The loops take the transition as
 * a lambda: they are small and inlined at each call site, where the lambda's class is exact, so the call is
 * devirtualised and the capture scalar-replaced (no allocation on the hot path).
 */
public final class Atomics {
    /** A {@code long} in a {@link MemorySegment}: coordinates {@code (MemorySegment, long offset)}. */
    public static final VarHandle SEGMENT_LONG = ValueLayout.JAVA_LONG.varHandle().withInvokeExactBehavior();

    /** An element of a {@code long[]}: coordinates {@code (long[], int index)}. */
    public static final VarHandle ARRAY_LONG = MethodHandles.arrayElementVarHandle(long[].class).withInvokeExactBehavior();

    /**
     * What a transition returns when it does not apply to the value it was given, and what it returns when
     * given this value: every transition is absorbing, so a chain of transitions stops at the first that
     * refuses. Only words that never hold all ones use it.
     */
    public static final long NO_UPDATE = -1L;

    private Atomics() { }

    /**
     * The CAS loop of a word whose valid values are never {@link #NO_UPDATE}: applies {@code transition} to
     * the value read and stores the result, until no other thread changed the word in between. Lock-free: a
     * failed CAS means another thread's CAS succeeded.
     *
     * @return the value the transition replaced, or {@link #NO_UPDATE} if it refused the value it read (then
     *     nothing was written)
     */
    public static long update(MemorySegment segment, long offset, LongUnaryOperator transition) {
        long prev;
        long next;
        do {
            prev = (long) SEGMENT_LONG.getAcquire(segment, offset); // ORDER: pairs with the release of the CAS below
            next = transition.applyAsLong(prev);
            if (next == NO_UPDATE) {
                return NO_UPDATE; // refused: no write happened, nothing to undo
            }
        } while (!SEGMENT_LONG.compareAndSet(segment, offset, prev, next)); // LP: the successful CAS
        return prev;
    }

    /**
     * The CAS loop of a bit word (every value is valid): {@code toggle} picks the bits to invert in the value
     * read (a run to set is all clear in it, a run to clear all set), 0 to refuse. Lock-free as {@link #update}.
     *
     * @return the bits inverted, or 0 if {@code toggle} refused (then nothing was written)
     */
    public static long flip(MemorySegment segment, long offset, LongUnaryOperator toggle) {
        long prev;
        long bits;
        do {
            prev = (long) SEGMENT_LONG.getAcquire(segment, offset); // ORDER: pairs with the release of the CAS below
            bits = toggle.applyAsLong(prev);
            if (bits == 0) {
                return 0; // refused: no write happened
            }
        } while (!SEGMENT_LONG.compareAndSet(segment, offset, prev, prev ^ bits)); // LP: the successful CAS
        return bits;
    }
}
