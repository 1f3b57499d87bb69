package dev.llfree.bench;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of one operation at one point of the {@code latency} workload, over all its runs
 * and threads: a row of the latency CSV ({@link CsvFormat#LATENCY}). Every sample includes one
 * {@link System#nanoTime()} call, whose own median cost is {@code clockNs}.
 *
 * <p>Thread safety: immutable.
 *
 * @param allocator   allocator name
 * @param durability  how the allocator's metadata is kept
 * @param order       every get and put was of {@code 2^order} frames
 * @param threads     threads of each run
 * @param memoryBytes memory the allocator managed
 * @param fillPercent share of memory held while measuring
 * @param op          {@code get} or {@code put}
 * @param samples     operations measured
 * @param p50Ns       median, in ns
 * @param p99Ns       99th percentile, in ns
 * @param p999Ns      99.9th percentile, in ns
 * @param maxNs       largest, in ns
 * @param meanNs      mean, in ns
 * @param clockNs     median time between two back-to-back {@link System#nanoTime()} calls, included in
 *                    every sample
 */
public record LatencyResult(String allocator, String durability, int order, int threads, long memoryBytes, int fillPercent,
                            String op, long samples, long p50Ns, long p99Ns, long p999Ns, long maxNs, double meanNs,
                            long clockNs) {

    /** The percentiles of {@code histogram} (values in ns). */
    static LatencyResult of(AllocatorFactory factory, BenchConfig config, int threads, int fillPercent, String op,
                            Histogram histogram, long clockNs) {
        return new LatencyResult(factory.name(), factory.durability(), config.order(), threads, config.memoryBytes(),
                fillPercent, op, histogram.getTotalCount(), histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue(),
                histogram.getMean(), clockNs);
    }

    /** {@code allocator/durability}, as printed in tables. */
    public String label() {
        return allocator + "/" + durability;
    }

    /** How far the tail is from the median: p99.9 / p50. */
    public double tailRatio() {
        return (double) p999Ns / Math.max(1, p50Ns);
    }
}
