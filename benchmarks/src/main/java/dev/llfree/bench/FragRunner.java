package dev.llfree.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs {@link Workload#FRAG} once per thread count on a fresh allocator from each factory (one long run
 * each: the samples are counts, not timings, so there is no warm-up and {@code runs} does not apply).
 * Allocators that cannot count free huge frames (pmemobj) are skipped.
 *
 * <p>Thread safety: not thread-safe; {@link #run} starts and joins its own worker threads.
 */
public final class FragRunner {
    private final List<AllocatorFactory> factories;
    private final BenchConfig config;

    /** A runner of {@code config}'s frag workload on allocators built by {@code factories}, in that order. */
    public FragRunner(List<AllocatorFactory> factories, BenchConfig config) {
        this.factories = List.copyOf(factories);
        this.config = config;
    }

    /**
     * @param onSample sees each allocator's samples when its run finishes
     * @param onSkip   sees why an allocator was skipped
     * @return every sample, in the order the runs ran
     * @throws IllegalStateException if a run fails or leaves the allocator not wholly free or inconsistent
     */
    public List<FragSample> run(Consumer<List<FragSample>> onSample, Consumer<String> onSkip) {
        List<FragSample> samples = new ArrayList<>();
        Set<String> skipped = new HashSet<>();
        for (int threads : config.threads()) {
            for (AllocatorFactory factory : factories) {
                String what = "frag (" + Units.threads(threads) + ", " + config.rounds() + " rounds)";
                List<FragSample> run = FreshRun.run(factory, config.frames(), config.maxThreads(), what, allocator -> {
                    try {
                        allocator.freeHugeFrames();
                    } catch (UnsupportedOperationException e) {
                        if (skipped.add(factory.label())) {
                            onSkip.accept("skipping " + factory.label() + " for frag: " + e.getMessage());
                        }
                        return List.of();
                    }
                    return FragWorkload.run(allocator, threads, config.rounds(), config.seed(), config.method().pin()).stream()
                            .map(c -> new FragSample(factory.name(), factory.durability(), threads, config.memoryBytes(),
                                    c.round(), c.freeFrames(), c.freeHugeFrames(), c.failedGets()))
                            .toList();
                });
                if (!run.isEmpty()) {
                    samples.addAll(run);
                    onSample.accept(run);
                }
            }
        }
        return samples;
    }
}
