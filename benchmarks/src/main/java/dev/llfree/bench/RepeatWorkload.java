package dev.llfree.bench;

import dev.llfree.FrameAllocator;

/**
 * {@link Workload#REPEAT}: each thread first holds its share of half of memory (untimed), then gets and
 * puts one run as many times as it holds runs (timed), again until that has lasted {@link RunSpec#minPhaseNanos},
 * then puts its share back (untimed).
 */
final class RepeatWorkload {
    private RepeatWorkload() { }

    static Measurement run(FrameAllocator allocator, RunSpec spec) {
        int held = spec.runsPerThread() / 2; // also the number of timed get+put pairs, as in llfree-rs
        long[][] frames = new long[spec.threads()][held];
        long[] pairNanos = new long[spec.threads()];
        int[] rounds = new int[1];
        Parallel.run("repeat", spec.threads(), spec.pin(), (thread, team) -> {
            FrameLoops.getAll(allocator, thread, spec.order(), spec.kind(), frames[thread]);
            do {
                team.await();
                long start = System.nanoTime();
                FrameLoops.getPutPairs(allocator, thread, spec.order(), spec.kind(), held);
                pairNanos[thread] += System.nanoTime() - start;
                if (thread == 0) {
                    rounds[0]++;
                }
            } while (team.agree(thread, pairNanos[thread] < spec.minPhaseNanos()));
            FrameLoops.putAll(allocator, thread, spec.order(), frames[thread]);
        });
        return Measurement.ofPairs(pairNanos, (long) held * rounds[0]);
    }
}
