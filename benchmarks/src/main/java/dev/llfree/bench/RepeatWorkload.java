package dev.llfree.bench;

import dev.llfree.FrameAllocator;

/**
 * {@link Workload#REPEAT}: each thread first holds its share of half of memory (untimed), then gets and
 * puts one run as many times as it holds runs (timed), then puts its share back (untimed).
 */
final class RepeatWorkload {
    private RepeatWorkload() { }

    static Measurement run(FrameAllocator allocator, RunSpec spec) {
        int held = spec.runsPerThread() / 2; // also the number of timed get+put pairs, as in llfree-rs
        long[][] frames = new long[spec.threads()][held];
        long[] pairNanos = new long[spec.threads()];
        Parallel.run("repeat", spec.threads(), (thread, team) -> {
            FrameLoops.getAll(allocator, thread, spec.order(), spec.kind(), frames[thread]);
            team.await();
            long start = System.nanoTime();
            FrameLoops.getPutPairs(allocator, thread, spec.order(), spec.kind(), held);
            pairNanos[thread] = System.nanoTime() - start;
            team.await();
            FrameLoops.putAll(allocator, thread, spec.order(), frames[thread]);
        });
        return Measurement.ofPairs(pairNanos, held);
    }
}
