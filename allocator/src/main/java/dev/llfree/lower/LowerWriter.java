package dev.llfree.lower;

import dev.llfree.internal.Atomics;
import dev.llfree.internal.Geometry;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * Whole-row, whole-entry and giant-bit stores into a lower allocator, for tracing recovery, which rewrites the truth
 * to a set of runs while no other thread uses the allocator. Nothing here is flushed: the caller persists
 * each phase.
 */
public final class LowerWriter {
    private static final VarHandle LONG = Atomics.SEGMENT_LONG;

    private final Lower lower;
    private final MemorySegment segment;

    public LowerWriter(Lower lower) {
        this.lower = lower;
        this.segment = lower.segment();
    }

    /** Stores {@code words[from..from+8)} as child {@code c}'s row. */
    public void setRow(long c, long[] words, int from) {
        for (int i = 0; i < Geometry.ROW_WORDS; i++) {
            LONG.setRelease(segment, lower.wordOffset(c * Geometry.ROW_WORDS + i), words[from + i]);
        }
    }

    /** Stores {@code entry} as child {@code c}'s entry. */
    public void setEntry(long c, int entry) {
        long off = lower.childWordOffset(c);
        LONG.setRelease(segment, off, ChildEntry.with((long) LONG.getAcquire(segment, off), ChildEntry.slot(c), entry));
    }

    /** Sets or clears the giant bit of 1 GiB region {@code region}. */
    public void setGiant(long region, boolean committed) {
        lower.giant().store(region, committed);
    }
}
