package dev.llfree;

import java.lang.foreign.MemorySegment;

/** What a {@link Tracer} may read of a pool: its size, its root slots and (read-only) its data area. */
public interface PoolView {
    /** Frames of the pool. */
    long frames();

    /** Root slot {@code index} (see {@link dev.llfree.PoolAllocator#root}). */
    long root(int index);

    /** Whether the pool has a data area. */
    boolean hasData();

    /**
     * The read-only memory of the run of {@code 2^order} frames at {@code frame}.
     *
     * @throws IllegalArgumentException if the run is out of range or misaligned
     * @throws IllegalStateException if the pool has no data area
     */
    MemorySegment frame(long frame, int order);
}
