package dev.llfree.compaction;

/** Where a strategy puts the runs it moves. */
@FunctionalInterface
interface Targets {
    /**
     * Allocates a target run of {@code 2^order} frames (through the allocator, so its counters stay
     * right).
     *
     * @return the first frame, or {@link dev.llfree.FrameAllocator#NO_FRAME} if no target has room
     */
    long take(int order);
}
