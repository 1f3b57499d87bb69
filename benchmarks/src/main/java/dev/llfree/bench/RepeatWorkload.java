package dev.llfree.bench;

import dev.llfree.FrameAllocator;

/**
 * {@link Workload#REPEAT}: each thread first holds its runs (untimed; {@link RunSpec#heldPerThread}), then gets and
 * puts one run as many times as it holds runs (timed), again as {@link RunSpec#again} says, then puts its runs back
 * (untimed).
 */
final class RepeatWorkload {
    private RepeatWorkload() { }

    static Measurement run(FrameAllocator allocator, RunSpec spec) {
        int held = spec.heldPerThread(); // also the number of timed get+put pairs per round, as in llfree-rs
        long[][] frames = new long[spec.threads()][held];
        long[] pairNanos = new long[spec.threads()];
        int[] rounds = new int[1];
        Parallel.run("repeat", spec.threads(), spec.pin(), (thread, team) -> {
            FrameLoops.getAll(allocator, thread, spec.order(), spec.kind(), frames[thread]);
            int done = 0;
            do {
                team.await();
                long start = System.nanoTime();
                FrameLoops.getPutPairs(allocator, thread, spec.order(), spec.kind(), held);
                pairNanos[thread] += System.nanoTime() - start;
                done++;
            } while (team.agree(thread, spec.again(done, pairNanos[thread])));
            if (thread == 0) {
                rounds[0] = done;
            }
            FrameLoops.putAll(allocator, thread, spec.order(), frames[thread], false);
        });
        return Measurement.ofPairs(pairNanos, (long) held * rounds[0]);
    }
}
