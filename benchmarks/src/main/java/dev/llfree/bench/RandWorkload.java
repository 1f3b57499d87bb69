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
        SplittableRandom random = new SplittableRandom(spec.seed());
        return BulkWorkload.run(allocator, spec, "rand", frames -> shuffleAcrossThreads(frames, random));
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
