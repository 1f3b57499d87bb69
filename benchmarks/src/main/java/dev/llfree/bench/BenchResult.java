package dev.llfree.bench;

import java.util.Locale;

/**
 * One measured run: a row of the results CSV ({@link CsvFormat#RESULTS}).
 *
 * <p>Thread safety: immutable.
 *
 * @param allocator    allocator name, e.g. {@code llfree}
 * @param durability   how the allocator's metadata is kept, e.g. {@code volatile}
 * @param workload     the workload
 * @param order        every get and put was of {@code 2^order} frames
 * @param threads      threads of the run
 * @param memoryBytes  memory the allocator managed
 * @param run          run number, from 1
 * @param getNs        mean ns per get over the threads (for {@code repeat}: per get+put pair)
 * @param putNs        mean ns per put over the threads (for {@code repeat}: per get+put pair)
 * @param opsPerSecond gets plus puts of all threads per second of wall time
 */
public record BenchResult(String allocator, String durability, Workload workload, int order, int threads,
                          long memoryBytes, int run, double getNs, double putNs, double opsPerSecond) {

    /** One line for people, e.g. {@code bulk order 0, 2 threads, run 1: get 31.2 ns, put 27.1 ns, 34.5M ops/s}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s order %d, %s, run %d: get %.1f ns, put %.1f ns, %s ops/s", workload, order,
                Units.threads(threads), run, getNs, putNs, Units.rate(opsPerSecond));
    }
}
