package dev.llfree.bench;

import java.util.Arrays;

/**
 * The timed result of one run, from per-thread phase durations.
 *
 * @param getNs        mean over threads of (get phase time / gets), in ns
 * @param putNs        mean over threads of (put phase time / puts), in ns
 * @param opsPerSecond gets and puts of all threads per second of wall time, where a phase's wall time
 *                     is its slowest thread's duration (threads start each phase together)
 */
record Measurement(double getNs, double putNs, double opsPerSecond) {
    private static final double NANOS_PER_SECOND = 1e9;

    /** Separate get and put phases of {@code opsPerThread} operations each. */
    static Measurement ofPhases(long[] getNanos, long[] putNanos, long opsPerThread) {
        double ops = 2.0 * getNanos.length * opsPerThread;
        return new Measurement(mean(getNanos) / opsPerThread, mean(putNanos) / opsPerThread,
                ops * NANOS_PER_SECOND / (max(getNanos) + max(putNanos)));
    }

    /** One phase of {@code pairsPerThread} get+put pairs; get and put both report the time of a pair. */
    static Measurement ofPairs(long[] pairNanos, long pairsPerThread) {
        double pairNs = mean(pairNanos) / pairsPerThread;
        double ops = 2.0 * pairNanos.length * pairsPerThread;
        return new Measurement(pairNs, pairNs, ops * NANOS_PER_SECOND / max(pairNanos));
    }

    private static double mean(long[] nanos) {
        return Arrays.stream(nanos).average().orElseThrow();
    }

    private static long max(long[] nanos) {
        return Math.max(1, Arrays.stream(nanos).max().orElseThrow());
    }
}
