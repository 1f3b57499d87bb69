package dev.llfree.bench;

import dev.llfree.FrameAllocator;

import java.util.List;

/**
 * What a benchmark measures. Every throughput workload runs untimed first (warm-up, at the largest thread
 * count, see {@link BenchRunner}), then {@code runs} times for each thread count, each run on a fresh allocator with
 * {@code max(threads)} reservation slots so that no two threads share one. {@link Workload#FRAG} and
 * {@link Workload#LATENCY} use the same fields (see {@link FragRunner}, {@link LatencyRunner}).
 *
 * <p>Thread safety: immutable.
 *
 * @param workloads   workloads, in the order they run (repeats are dropped)
 * @param order       every get and put is of {@code 2^order} frames
 * @param threads     thread counts, in the order they run (repeats are dropped)
 * @param memoryBytes memory the allocator manages, a multiple of {@link FrameAllocator#FRAME_SIZE}
 * @param runs        measured runs per workload and thread count
 * @param seed        seed of whatever a workload randomises (run {@code r} uses {@code seed + r})
 * @param rounds      churn rounds of {@link Workload#FRAG}
 * @param method      how bulk, repeat and rand measure (definitions, minimum phase, pinning)
 */
public record BenchConfig(List<Workload> workloads, int order, List<Integer> threads, long memoryBytes, int runs, long seed,
                          int rounds, BenchMethod method) {
    /** Seed used when none is given. */
    public static final long DEFAULT_SEED = 42;
    /** Churn rounds of {@link Workload#FRAG} when none are given. */
    public static final int DEFAULT_ROUNDS = 100;

    /** Each thread must hold at least this many runs: {@code repeat} holds half of them. */
    private static final int MIN_RUNS_PER_THREAD = 2;

    /**
     * @throws IllegalArgumentException naming the first bad field and what was expected
     */
    public BenchConfig {
        workloads = workloads.stream().distinct().toList();
        threads = threads.stream().distinct().toList();
        if (workloads.isEmpty()) {
            throw new IllegalArgumentException("workloads: none (expected: at least one of bulk, repeat, rand, frag, latency)");
        }
        if (order < 0 || order > FrameAllocator.MAX_ORDER && order != FrameAllocator.GIANT_ORDER) {
            throw new IllegalArgumentException("order: " + order + " (expected: 0.." + FrameAllocator.MAX_ORDER + " or "
                    + FrameAllocator.GIANT_ORDER + ")");
        }
        if (threads.isEmpty() || threads.stream().anyMatch(t -> t < 1)) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: one or more counts >= 1)");
        }
        if (runs < 1) {
            throw new IllegalArgumentException("runs: " + runs + " (expected: >= 1)");
        }
        if (method == null) {
            throw new IllegalArgumentException("method: null (expected: e.g. BenchMethod.DEFAULT)");
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds: " + rounds + " (expected: >= 1)");
        }
        if (memoryBytes <= 0 || memoryBytes % FrameAllocator.FRAME_SIZE != 0) {
            throw new IllegalArgumentException("memory: " + memoryBytes + " bytes (expected: a positive multiple of "
                    + FrameAllocator.FRAME_SIZE + ")");
        }
        int maxThreads = max(threads);
        long runsPerThread = (memoryBytes / FrameAllocator.FRAME_SIZE >>> order) / maxThreads;
        if (runsPerThread < MIN_RUNS_PER_THREAD) {
            throw new IllegalArgumentException("memory: " + memoryBytes + " bytes is too small for " + maxThreads
                    + " threads at order " + order + " (expected: at least " + MIN_RUNS_PER_THREAD * maxThreads
                    * (FrameAllocator.FRAME_SIZE << order) + " bytes)");
        }
        if (runsPerThread > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("memory: " + memoryBytes + " bytes is too large at order " + order
                    + ": one thread would hold " + runsPerThread + " runs, more than a Java array can");
        }
    }

    /** Frames the allocator manages. */
    public long frames() {
        return memoryBytes / FrameAllocator.FRAME_SIZE;
    }

    /** The largest thread count, which is also the allocator's number of reservation slots. */
    public int maxThreads() {
        return max(threads);
    }

    private static int max(List<Integer> threads) {
        return threads.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }
}
