package dev.llfree.bench;

import dev.llfree.Kind;

/**
 * The shape of one workload run.
 *
 * @param frames  frames the allocator manages
 * @param order   every get and put is of {@code 2^order} frames
 * @param threads threads of the run; thread {@code t} uses core {@code t}
 * @param seed    seed for whatever the workload randomises
 * @param minPhaseNanos a timed phase lasts at least this long per thread: bulk and rand repeat their get and put
 *                phases, repeat its get+put pairs, until thread 0 has spent this long in each
 * @param pin     whether thread {@code t} runs pinned to the {@code t}-th CPU the process may use
 */
record RunSpec(long frames, int order, int threads, long seed, long minPhaseNanos, boolean pin) {

    /** Runs of {@code 2^order} frames that fit in memory, divided evenly among the threads (remainder unused). */
    int runsPerThread() {
        return Math.toIntExact((frames >>> order) / threads);
    }

    Kind kind() {
        return FrameLoops.kindFor(order);
    }
}
