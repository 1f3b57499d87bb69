package dev.llfree.bench;

import dev.llfree.FrameAllocator;

/**
 * {@link Workload#BULK}: each thread gets its share of all memory, then puts it all back; both phases timed, and
 * repeated until each has lasted {@link RunSpec#minPhaseNanos}.
 */
final class BulkWorkload {
    private BulkWorkload() { }

    static Measurement run(FrameAllocator allocator, RunSpec spec) {
        int count = spec.runsPerThread();
        long[][] frames = new long[spec.threads()][count];
        long[] getNanos = new long[spec.threads()];
        long[] putNanos = new long[spec.threads()];
        int[] rounds = new int[1];
        Parallel.run("bulk", spec.threads(), spec.pin(), (thread, team) -> {
            do {
                team.await();
                long start = System.nanoTime();
                FrameLoops.getAll(allocator, thread, spec.order(), spec.kind(), frames[thread]);
                getNanos[thread] += System.nanoTime() - start;
                team.await();
                start = System.nanoTime();
                FrameLoops.putAll(allocator, thread, spec.order(), frames[thread]);
                putNanos[thread] += System.nanoTime() - start;
                if (thread == 0) {
                    rounds[0]++;
                }
            } while (team.agree(thread, Math.min(getNanos[thread], putNanos[thread]) < spec.minPhaseNanos()));
        });
        return Measurement.ofPhases(getNanos, putNanos, (long) count * rounds[0]);
    }
}
