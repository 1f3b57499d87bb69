package dev.llfree.bench;

import dev.llfree.FrameAllocator;

/**
 * One sample of the {@code frag} workload: a row of the frag CSV ({@link CsvFormat#FRAG}).
 *
 * <p>Thread safety: immutable.
 *
 * @param allocator      allocator name
 * @param durability     how the allocator's metadata is kept
 * @param threads        threads churning
 * @param memoryBytes    memory the allocator managed
 * @param round          0 after the initial fill, then the churn round just finished
 * @param freeFrames     free frames
 * @param freeHugeFrames wholly free 2 MiB frames, as the allocator counts them
 * @param failedGets     gets of orders above 0 that found no run so far and fell back to order 0
 */
public record FragSample(String allocator, String durability, int threads, long memoryBytes, int round, long freeFrames,
                         long freeHugeFrames, long failedGets) {

    /**
     * The ideal count of free huge frames: {@code floor(freeFrames / 512)}, the most 2 MiB frames the free
     * frames could form were they perfectly compacted.
     */
    public long idealHugeFrames() {
        return freeFrames / FrameAllocator.HUGE_FRAMES;
    }

    /** {@link #freeHugeFrames()} as a share of {@link #idealHugeFrames()} (1 when the ideal is 0). */
    public double shareOfIdeal() {
        return idealHugeFrames() == 0 ? 1 : (double) freeHugeFrames / idealHugeFrames();
    }

    /** {@code allocator/durability}, as printed in tables. */
    public String label() {
        return allocator + "/" + durability;
    }
}
