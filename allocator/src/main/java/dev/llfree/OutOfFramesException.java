package dev.llfree;

/** Thrown by {@link FrameAllocator#getOrThrow}; {@link FrameAllocator#get} returns {@link FrameAllocator#NO_FRAME} instead. */
public final class OutOfFramesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutOfFramesException(int order, long freeFrames) {
        super("no free frame run of order " + order + " (free frames: " + freeFrames + ")");
    }
}
