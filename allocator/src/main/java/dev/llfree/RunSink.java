package dev.llfree;

/** Receives the runs a {@link Tracer} reaches. */
@FunctionalInterface
public interface RunSink {
    /**
     * The run of {@code 2^order} frames at {@code frame} is in use.
     *
     * @param frame the first frame of the run
     * @param order the order the run was allocated with: {@code 0..MAX_ORDER} or {@link FrameAllocator#GIANT_ORDER}
     * @throws dev.llfree.TraceException if the run is out of range, misaligned, of a bad order, or overlaps a
     *     run reported before (the recovery is then aborted, nothing written)
     */
    void run(long frame, int order);
}
