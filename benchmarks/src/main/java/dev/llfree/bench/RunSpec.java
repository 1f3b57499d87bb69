package dev.llfree.bench;

import dev.llfree.Kind;

import java.util.concurrent.TimeUnit;

/**
 * The shape of one workload run.
 *
 * @param frames     frames the allocator manages
 * @param order      every get and put is of {@code 2^order} frames
 * @param threads    threads of the run; thread {@code t} uses core {@code t}
 * @param maxThreads the largest thread count of the bench ({@link Definitions#LLFREE} sizes runs by it)
 * @param seed       seed for whatever the workload randomises
 * @param method     how the run measures
 */
record RunSpec(long frames, int order, int threads, int maxThreads, long seed, BenchMethod method) {

    /**
     * Runs each thread gets in bulk and rand: its share of all memory ({@link Definitions#DEFAULT}, remainder
     * unused), or {@code frames / max_threads / 2 / 2^order} ({@link Definitions#LLFREE}).
     */
    int runsPerThread() {
        return Math.toIntExact(llfree() ? frames / maxThreads / 2 >>> order : (frames >>> order) / threads);
    }

    /** Runs each thread holds during repeat: half its bulk share, or as many as bulk gets ({@link Definitions#LLFREE}). */
    int heldPerThread() {
        return llfree() ? runsPerThread() : runsPerThread() / 2;
    }

    /**
     * Whether a workload repeats its timed phases once more, decided by thread 0 after {@code done} rounds in which it
     * spent {@code shortestNanos} in its shortest timed phase: until that lasts the minimum phase, or {@code 2^order}
     * rounds with {@link Definitions#LLFREE}.
     */
    boolean again(int done, long shortestNanos) {
        return llfree() ? done < 1 << order : shortestNanos < TimeUnit.MILLISECONDS.toNanos(method.minPhaseMillis());
    }

    /** Whether bulk puts its runs last got first (LIFO), as llfree-rs does. */
    boolean putsLastFirst() {
        return llfree();
    }

    /** Whether thread {@code t} runs pinned to a CPU. */
    boolean pin() {
        return method.pin();
    }

    Kind kind() {
        return FrameLoops.kindFor(order);
    }

    private boolean llfree() {
        return method.definitions() == Definitions.LLFREE;
    }
}
