package dev.llfree.bench;

import dev.llfree.FrameAllocator;

import java.util.SplittableRandom;

/**
 * {@link Workload#RAND}: each thread gets its runs (timed), thread 0 shuffles all frames across all threads (seeded,
 * untimed), then each thread puts its new share in that order (timed); repeated as {@link RunSpec#again} says, with
 * a new shuffle each time.
 */
final class RandWorkload {
    private RandWorkload() { }

    static Measurement run(FrameAllocator allocator, RunSpec spec) {
        int count = spec.runsPerThread();
        long[][] frames = new long[spec.threads()][count];
        long[] getNanos = new long[spec.threads()];
        long[] putNanos = new long[spec.threads()];
        int[] rounds = new int[1];
        SplittableRandom random = new SplittableRandom(spec.seed());
        Parallel.run("rand", spec.threads(), spec.pin(), (thread, team) -> {
            int done = 0;
            do {
                team.await();
                long start = System.nanoTime();
                FrameLoops.getAll(allocator, thread, spec.order(), spec.kind(), frames[thread]);
                getNanos[thread] += System.nanoTime() - start;
                team.await();
                if (thread == 0) {
                    shuffleAcrossThreads(frames, random);
                }
                team.await();
                start = System.nanoTime();
                FrameLoops.putAll(allocator, thread, spec.order(), frames[thread], false);
                putNanos[thread] += System.nanoTime() - start;
                done++;
            } while (team.agree(thread, spec.again(done, Math.min(getNanos[thread], putNanos[thread]))));
            if (thread == 0) {
                rounds[0] = done;
            }
        });
        return Measurement.ofPhases(getNanos, putNanos, (long) count * rounds[0]);
    }

    /** Fisher-Yates over all threads' arrays as one sequence of equally long rows. */
    private static void shuffleAcrossThreads(long[][] frames, SplittableRandom random) {
        int row = frames[0].length;
        for (long i = (long) frames.length * row - 1; i > 0; i--) {
            long j = random.nextLong(i + 1);
            long[] rowI = frames[(int) (i / row)];
            long[] rowJ = frames[(int) (j / row)];
            int colI = (int) (i % row);
            int colJ = (int) (j % row);
            long frame = rowI[colI];
            rowI[colI] = rowJ[colJ];
            rowJ[colJ] = frame;
        }
    }
}
