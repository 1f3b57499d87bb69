package dev.llfree.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The benchmark workloads. Each run gets a fresh allocator; every thread {@code t} uses core {@code t},
 * keeps its frames in a preallocated array and starts its timed phases together with the others.
 * {@link #toString()} is the lower-case name used on the command line and in the CSV files.
 *
 * <p>The throughput workloads ({@link #throughput()}: bulk, repeat and rand, LLFree's) report
 * per-operation times as the <em>mean over threads</em> of each thread's phase time divided by its
 * operation count, as the llfree benchmarks do (average ns per op per thread), in the results CSV.
 * {@link #FRAG} and {@link #LATENCY} report their own results ({@link FragSample}, {@link LatencyResult}).
 */
public enum Workload {
    /** Each thread gets its share of all memory, then puts it all back; both phases timed. */
    BULK,
    /**
     * Memory half filled (untimed, spread over the threads), then each thread gets and puts one run in a
     * loop, as many times as it holds runs; get and put both report the time of one get+put pair.
     */
    REPEAT,
    /**
     * Like {@link #BULK}'s get phase, then all frames are shuffled across the threads (seeded, untimed) and
     * each thread puts its share back in that random order.
     */
    RAND,
    /** Long random churn of mixed orders at half fill, sampling free huge frames against the ideal count ({@link FragWorkload}). */
    FRAG,
    /** Percentiles of single get and put latencies at half and 99% fill ({@link LatencyWorkload}). */
    LATENCY;

    /** Whether the workload reports get and put times and throughput in the results CSV. */
    public boolean throughput() {
        return this == BULK || this == REPEAT || this == RAND;
    }

    /**
     * The workload named {@code name} (as printed by {@link #toString()}).
     *
     * @throws IllegalArgumentException naming the valid names if there is no such workload
     */
    public static Workload of(String name) {
        return Arrays.stream(values()).filter(w -> w.toString().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("workload: '" + name + "' (expected one of: "
                        + Arrays.stream(values()).map(Workload::toString).collect(Collectors.joining(", ")) + ")"));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
