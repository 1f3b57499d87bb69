package dev.llfree.bench;

import dev.llfree.FrameAllocator;

import org.HdrHistogram.Histogram;

import java.util.SplittableRandom;

/**
 * {@link Workload#LATENCY}: the latency of single gets and puts at a fill level. Each thread gets its
 * share of {@code fillPercent}% of memory (untimed), then, as many times as it holds runs (at most
 * {@link #MAX_OPS_PER_THREAD}), puts a random one of its runs and gets a new one in its place, timing
 * each call with {@link System#nanoTime()} into its own HdrHistogram; then it puts everything back. So
 * memory stays at the fill level, and at 99% every get searches a nearly full allocator.
 */
final class LatencyWorkload {
    /** Timed put+get pairs per thread at most. */
    static final int MAX_OPS_PER_THREAD = 1 << 20;
    /** Significant decimal digits of the histograms. */
    private static final int DIGITS = 3;
    private static final int CLOCK_SAMPLES = 1 << 20;

    private LatencyWorkload() { }

    /** The get and put histograms of one run, merged over its threads. */
    record Histograms(Histogram gets, Histogram puts) {
        Histograms() {
            this(new Histogram(DIGITS), new Histogram(DIGITS));
        }

        void add(Histograms other) {
            gets.add(other.gets);
            puts.add(other.puts);
        }
    }

    static Histograms run(FrameAllocator allocator, RunSpec spec, int fillPercent) {
        int held = Math.max(1, (int) ((long) spec.runsPerThread() * fillPercent / 100));
        int ops = Math.min(held, MAX_OPS_PER_THREAD);
        long[][] frames = new long[spec.threads()][held];
        Histograms[] perThread = new Histograms[spec.threads()];
        Parallel.run("latency", spec.threads(), spec.pin(), (thread, team) -> {
            Histograms mine = new Histograms();
            perThread[thread] = mine;
            long[] own = frames[thread];
            FrameLoops.getAll(allocator, thread, spec.order(), spec.kind(), own);
            SplittableRandom random = new SplittableRandom(spec.seed() + thread);
            team.await();
            for (int i = 0; i < ops; i++) {
                int victim = random.nextInt(held);
                long start = System.nanoTime();
                allocator.put(thread, own[victim], spec.order());
                long put = System.nanoTime();
                own[victim] = allocator.getOrThrow(thread, spec.order(), spec.kind());
                long got = System.nanoTime();
                mine.puts.recordValue(put - start);
                mine.gets.recordValue(got - put);
            }
            team.await();
            FrameLoops.putAll(allocator, thread, spec.order(), own, false);
        });
        Histograms all = new Histograms();
        for (Histograms h : perThread) {
            all.add(h);
        }
        return all;
    }

    /** The median time between two back-to-back {@link System#nanoTime()} calls: included in every sample. */
    static long clockOverheadNs() {
        Histogram clock = new Histogram(DIGITS);
        for (int i = 0; i < CLOCK_SAMPLES; i++) {
            long start = System.nanoTime();
            clock.recordValue(System.nanoTime() - start);
        }
        return clock.getValueAtPercentile(50);
    }
}
