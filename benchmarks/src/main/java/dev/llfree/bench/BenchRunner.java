package dev.llfree.bench;

import dev.llfree.FrameAllocator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a {@link BenchConfig} on fresh allocators from one {@link AllocatorFactory}. After every run
 * (warm-up included) the allocator must be wholly free again and pass {@link FrameAllocator#validate()};
 * otherwise the benchmark fails.
 *
 * <p>Thread safety: not thread-safe; {@link #run} starts and joins its own worker threads.
 */
public final class BenchRunner {
    private static final int WARM_UP_RUN = 0;

    private final AllocatorFactory factory;
    private final BenchConfig config;

    /** A runner of {@code config} on allocators built by {@code factory}. */
    public BenchRunner(AllocatorFactory factory, BenchConfig config) {
        this.factory = factory;
        this.config = config;
    }

    /**
     * Runs every workload: one warm-up run at the largest thread count, then the measured runs for each
     * thread count.
     *
     * @param onResult sees each measured run as soon as it finishes (progress, incremental output)
     * @return the measured runs in the order they ran
     * @throws IllegalStateException if a run fails or leaves the allocator not wholly free or inconsistent;
     *     the message names the workload, thread count and run
     */
    public List<BenchResult> run(Consumer<BenchResult> onResult) {
        List<BenchResult> results = new ArrayList<>();
        for (Workload workload : config.workloads()) {
            runOnce(workload, config.maxThreads(), WARM_UP_RUN);
            for (int threads : config.threads()) {
                for (int run = 1; run <= config.runs(); run++) {
                    Measurement m = runOnce(workload, threads, run);
                    BenchResult result = new BenchResult(factory.name(), factory.durability(), workload, config.order(),
                            threads, config.memoryBytes(), run, m.getNs(), m.putNs(), m.opsPerSecond());
                    results.add(result);
                    onResult.accept(result);
                }
            }
        }
        return results;
    }

    private Measurement runOnce(Workload workload, int threads, int run) {
        RunSpec spec = new RunSpec(config.frames(), config.order(), threads, config.seed() + run);
        try (FrameAllocator allocator = factory.create(config.frames(), config.maxThreads())) {
            Measurement measurement = workload.run(allocator, spec);
            if (allocator.freeFrames() != allocator.frames()) {
                throw new IllegalStateException("allocator not wholly free after the run: " + allocator.freeFrames()
                        + " of " + allocator.frames() + " frames free");
            }
            allocator.validate();
            return measurement;
        } catch (RuntimeException e) {
            throw new IllegalStateException(describe(workload, threads, run) + " failed: " + e.getMessage(), e);
        }
    }

    private String describe(Workload workload, int threads, int run) {
        return factory.label() + " " + workload + " (order " + config.order() + ", " + Units.threads(threads) + ", "
                + (run == WARM_UP_RUN ? "warm-up run" : "run " + run) + ")";
    }
}
