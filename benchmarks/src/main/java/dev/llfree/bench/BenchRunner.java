package dev.llfree.bench;

import dev.llfree.FrameAllocator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the throughput workloads of a {@link BenchConfig} ({@link Workload#throughput()}) on fresh
 * allocators from several {@link AllocatorFactory}s, interleaved: for each workload, a warm-up run per
 * allocator, then for each thread count and run number one run per allocator in turn, so that drift on
 * the machine affects every allocator alike. Each run must leave its allocator wholly free and valid
 * ({@link FreshRun}).
 *
 * <p>Thread safety: not thread-safe; {@link #run} starts and joins its own worker threads.
 */
public final class BenchRunner {
    private static final int WARM_UP_RUN = 0;

    private final List<AllocatorFactory> factories;
    private final BenchConfig config;

    /** A runner of {@code config} on allocators built by {@code factories}, in that order. */
    public BenchRunner(List<AllocatorFactory> factories, BenchConfig config) {
        this.factories = List.copyOf(factories);
        this.config = config;
    }

    /** Measured runs {@link #run} produces: throughput workloads x thread counts x runs x allocators. */
    public int runCount() {
        return (int) config.workloads().stream().filter(Workload::throughput).count() * config.threads().size()
                * config.runs() * factories.size();
    }

    /** Warm-up runs {@link #run} makes before the measured ones: one per throughput workload and allocator. */
    public int warmUpCount() {
        return (int) config.workloads().stream().filter(Workload::throughput).count() * factories.size();
    }

    /**
     * Runs every throughput workload: a warm-up run per allocator at the largest thread count (its timed phases
     * last {@link BenchMethod#minPhaseMillis} like every run's, long enough for the JIT at the default), then the measured runs.
     *
     * @param onWarmUp sees each warm-up run as it finishes: what it was (progress through the setup, which at
     *                 terabytes of memory takes a while before the first measured run)
     * @param onResult sees each measured run as soon as it finishes (progress, incremental output)
     * @return the measured runs in the order they ran
     * @throws IllegalStateException if a run fails or leaves the allocator not wholly free or inconsistent;
     *     the message names the allocator, workload, thread count and run
     */
    public List<BenchResult> run(Consumer<String> onWarmUp, Consumer<BenchResult> onResult) {
        List<BenchResult> results = new ArrayList<>();
        for (Workload workload : config.workloads().stream().filter(Workload::throughput).toList()) {
            for (AllocatorFactory factory : factories) {
                runOnce(factory, workload, config.maxThreads(), WARM_UP_RUN);
                onWarmUp.accept(factory.label() + " " + workload + " warm-up (order " + config.order() + ", "
                        + Units.threads(config.maxThreads()) + ")");
            }
            for (int threads : config.threads()) {
                for (int run = 1; run <= config.runs(); run++) {
                    for (AllocatorFactory factory : factories) {
                        Measurement m = runOnce(factory, workload, threads, run);
                        BenchResult result = new BenchResult(factory.name(), factory.durability(), workload,
                                config.order(), threads, config.memoryBytes(), run, m.getNs(), m.putNs(), m.opsPerSecond());
                        results.add(result);
                        onResult.accept(result);
                    }
                }
            }
        }
        return results;
    }

    private Measurement runOnce(AllocatorFactory factory, Workload workload, int threads, int run) {
        RunSpec spec = new RunSpec(config.frames(), config.order(), threads, config.maxThreads(), config.seed() + run,
                config.method());
        String what = workload + " (order " + config.order() + ", " + Units.threads(threads) + ", "
                + (run == WARM_UP_RUN ? "warm-up run" : "run " + run) + ")";
        return FreshRun.run(factory, config.frames(), config.maxThreads(), what, allocator -> measure(workload, allocator, spec));
    }

    private static Measurement measure(Workload workload, FrameAllocator allocator, RunSpec spec) {
        return switch (workload) {
            case BULK -> BulkWorkload.run(allocator, spec);
            case REPEAT -> RepeatWorkload.run(allocator, spec);
            case RAND -> RandWorkload.run(allocator, spec);
            case FRAG, LATENCY -> throw new IllegalArgumentException(workload + " is not a throughput workload");
        };
    }
}
