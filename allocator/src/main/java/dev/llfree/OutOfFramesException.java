package dev.llfree;

/** Thrown by {@link FrameAllocator#getOrThrow}; {@link FrameAllocator#get} returns {@link FrameAllocator#NO_FRAME} instead. */
public final class OutOfFramesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * No free run of {@code 2^order} frames.
     *
     * @param order      the order of the failed get
     * @param freeFrames the allocator's free frames at the time (there may be many, too fragmented for the order)
     */
    public OutOfFramesException(int order, long freeFrames) {
        super("no free frame run of order " + order + " (free frames: " + freeFrames + ")");
    }

    /**
     * Fewer free runs of {@code 2^order} frames than a caller asked for at once.
     *
     * @param order     the order of the runs
     * @param available the free runs of that order
     * @param requested the runs asked for
     */
    public OutOfFramesException(int order, long available, long requested) {
        super(requested + " runs of order " + order + " asked for, but only " + available + " are free");
    }
}
