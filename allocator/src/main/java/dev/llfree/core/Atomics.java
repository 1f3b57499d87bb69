package dev.llfree.core;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The VarHandles every atomic access in the allocator goes through. The CAS loops over them are the word owners'
 * ({@code ChildWords.update} for child entries, {@code BitWords.flip} for rows and giant bits).
 *
 * <p>All handles are {@code static final} (a non-constant VarHandle costs ~5x) and use {@code long}
 * offsets and values: with {@link VarHandle#withInvokeExactBehavior()} an {@code int} offset, which
 * would make a CAS ~12x slower, fails at the call instead of silently converting.
 *
 * <p>Orderings: the read that starts a CAS loop is {@code getAcquire}; updates are {@code compareAndSet}
 * (volatile semantics) or {@code getAndAdd}; hints use {@code setOpaque}.
 *
 * <p>{@link #SEGMENT_LONG} is the plain handle unless the crash tests turn on their {@link SegmentProbe}.
 */
public final class Atomics {
    /** A {@code long} in a {@link java.lang.foreign.MemorySegment}: coordinates {@code (MemorySegment, long offset)}. */
    public static final VarHandle SEGMENT_LONG =
        SegmentProbe.probed(ValueLayout.JAVA_LONG.varHandle()).withInvokeExactBehavior();

    /** An element of a {@code long[]}: coordinates {@code (long[], int index)}. */
    public static final VarHandle ARRAY_LONG = MethodHandles.arrayElementVarHandle(long[].class).withInvokeExactBehavior();

    private Atomics() { }
}
