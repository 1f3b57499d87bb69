package dev.llfree.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs {@link Workload#LATENCY} at {@link #FILL_PERCENTS} for each thread count on fresh allocators from
 * several factories, interleaved as {@link BenchRunner} does: one warm-up run per allocator, then for each
 * fill and thread count, {@code runs} runs per allocator in turn, whose histograms are merged into one
 * {@link LatencyResult} per operation.
 *
 * <p>Thread safety: not thread-safe; {@link #run} starts and joins its own worker threads.
 */
public final class LatencyRunner {
    /** Fill levels measured: half full, and 99% full. */
    public static final List<Integer> FILL_PERCENTS = List.of(50, 99);
    private static final int WARM_UP_RUN = 0;

    private final List<AllocatorFactory> factories;
    private final BenchConfig config;

    /** A runner of {@code config}'s latency workload on allocators built by {@code factories}, in that order. */
    public LatencyRunner(List<AllocatorFactory> factories, BenchConfig config) {
        this.factories = List.copyOf(factories);
        this.config = config;
    }

    /**
     * @param onResult sees each result as soon as its point is measured
     * @return the results: for each fill, thread count and allocator, get then put
     * @throws IllegalStateException if a run fails or leaves the allocator not wholly free or inconsistent
     */
    public List<LatencyResult> run(Consumer<LatencyResult> onResult) {
        for (AllocatorFactory factory : factories) {
            runOnce(factory, config.maxThreads(), FILL_PERCENTS.getFirst(), WARM_UP_RUN);
        }
        long clockNs = LatencyWorkload.clockOverheadNs();
        List<LatencyResult> results = new ArrayList<>();
        for (int fill : FILL_PERCENTS) {
            for (int threads : config.threads()) {
                List<LatencyWorkload.Histograms> merged = factories.stream().map(f -> new LatencyWorkload.Histograms()).toList();
                for (int run = 1; run <= config.runs(); run++) {
                    for (int i = 0; i < factories.size(); i++) {
                        merged.get(i).add(runOnce(factories.get(i), threads, fill, run));
                    }
                }
                for (int i = 0; i < factories.size(); i++) {
                    for (LatencyResult result : List.of(
                            LatencyResult.of(factories.get(i), config, threads, fill, "get", merged.get(i).gets(), clockNs),
                            LatencyResult.of(factories.get(i), config, threads, fill, "put", merged.get(i).puts(), clockNs))) {
                        results.add(result);
                        onResult.accept(result);
                    }
                }
            }
        }
        return results;
    }

    private LatencyWorkload.Histograms runOnce(AllocatorFactory factory, int threads, int fill, int run) {
        RunSpec spec = new RunSpec(config.frames(), config.order(), threads, config.maxThreads(), config.seed() + run,
                config.method());
        String what = "latency (order " + config.order() + ", " + Units.threads(threads) + ", " + fill + "% full, "
                + (run == WARM_UP_RUN ? "warm-up run" : "run " + run) + ")";
        return FreshRun.run(factory, config.frames(), config.maxThreads(), what,
                allocator -> LatencyWorkload.run(allocator, spec, fill));
    }
}
