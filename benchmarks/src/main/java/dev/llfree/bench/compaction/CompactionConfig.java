package dev.llfree.bench.compaction;

import dev.llfree.FrameAllocator;
import dev.llfree.compaction.Goal;
import dev.llfree.compaction.Strategy;
import java.util.List;

/**
 * What {@code bench compaction} runs: every strategy, for every pinned share, on the same fragmented
 * snapshot of {@code memoryBytes} of frames.
 *
 * @param memoryBytes    memory the allocator manages (a multiple of 4 KiB)
 * @param cores          virtual cores the churn takes turns on (each has its own reservations)
 * @param churnRounds    rounds of churn after the fill and the free of half
 * @param pinnedPercents shares of gets that are {@code FIXED} (pinned), in percent
 * @param goal           the compaction goal
 * @param strategies     the strategies, in order
 * @param seed           seed of the churn (the same snapshot for every strategy)
 */
public record CompactionConfig(long memoryBytes, int cores, int churnRounds, List<Integer> pinnedPercents, Goal goal,
                               List<Strategy> strategies, long seed) {
    /** The pinned shares of the workloads. */
    public static final List<Integer> DEFAULT_PINNED = List.of(0, 1, 5, 10);
    public static final int DEFAULT_ROUNDS = 10;
    public static final int DEFAULT_CORES = 4;
    public static final long DEFAULT_SEED = 42;

    /** @throws IllegalArgumentException naming the first bad value */
    public CompactionConfig {
        if (memoryBytes < FrameAllocator.FRAME_SIZE * FrameAllocator.HUGE_FRAMES || memoryBytes % FrameAllocator.FRAME_SIZE != 0) {
            throw new IllegalArgumentException("memory: " + memoryBytes + " bytes (expected: a multiple of 4 KiB, at least 2 MiB)");
        }
        if (cores < 1 || churnRounds < 0) {
            throw new IllegalArgumentException("cores: " + cores + ", rounds: " + churnRounds + " (expected: cores >= 1, rounds >= 0)");
        }
        for (int p : pinnedPercents) {
            if (p < 0 || p > 100) {
                throw new IllegalArgumentException("pinned: " + p + "% (expected: 0..100)");
            }
        }
        pinnedPercents = List.copyOf(pinnedPercents);
        strategies = List.copyOf(strategies);
    }

    public long frames() {
        return memoryBytes / FrameAllocator.FRAME_SIZE;
    }
}
