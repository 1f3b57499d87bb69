package dev.llfree;

import java.lang.foreign.MemorySegment;

/** What a {@link Tracer} may read of a pool: its size, its root slots and (read-only) its data area. */
public interface PoolView {
    /**
     * Frames of the pool.
     *
     * @return the frame count; frames are numbered {@code 0..frames()-1}
     */
    long frames();

    /**
     * Root slot {@code index} (see {@link dev.llfree.PoolAllocator#root}).
     *
     * @param index the root slot, {@code 0..PoolAllocator.ROOTS-1}
     * @return the slot's value; {@link FrameAllocator#NO_FRAME} when empty
     * @throws IllegalArgumentException if {@code index} is out of range
     */
    long root(int index);

    /**
     * Whether the pool has a data area.
     *
     * @return true if {@link #frame} can be read
     */
    boolean hasData();

    /**
     * The read-only memory of the run of {@code 2^order} frames at {@code frame}.
     *
     * @param frame the first frame of the run
     * @param order the run is {@code 2^order} frames: {@code 0..MAX_ORDER} or {@link FrameAllocator#GIANT_ORDER}
     * @return a read-only slice of {@code 2^order * FRAME_SIZE} bytes of the data area, valid while the pool is open
     * @throws IllegalArgumentException if the run is out of range or misaligned
     * @throws IllegalStateException if the pool has no data area
     */
    MemorySegment frame(long frame, int order);
}
