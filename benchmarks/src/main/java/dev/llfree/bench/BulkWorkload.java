package dev.llfree.bench;

import dev.llfree.FrameAllocator;

import java.util.function.Consumer;

/**
 * {@link Workload#BULK}: each thread gets its runs, then puts them all back (in get order, or last first with
 * {@link Definitions#LLFREE}); both phases timed, and repeated as {@link RunSpec#again} says. {@link RandWorkload}
 * is the same with the frames shuffled between the phases.
 */
final class BulkWorkload {
    private BulkWorkload() { }

    static Measurement run(FrameAllocator allocator, RunSpec spec) {
        return run(allocator, spec, "bulk", null);
    }

    /**
     * The two timed phases, repeated.
     *
     * @param beforePuts if not null, rearranges all threads' frames between the phases (on thread 0, untimed); the
     *                   puts then go in array order
     */
    static Measurement run(FrameAllocator allocator, RunSpec spec, String name, Consumer<long[][]> beforePuts) {
        int count = spec.runsPerThread();
        long[][] frames = new long[spec.threads()][count];
        long[] getNanos = new long[spec.threads()];
        long[] putNanos = new long[spec.threads()];
        int[] rounds = new int[1];
        boolean lastFirst = beforePuts == null && spec.putsLastFirst();
        Parallel.run(name, spec.threads(), spec.pin(), (thread, team) -> {
            int done = 0;
            do {
                team.await();
                long start = System.nanoTime();
                FrameLoops.getAll(allocator, thread, spec.order(), spec.kind(), frames[thread]);
                getNanos[thread] += System.nanoTime() - start;
                team.await();
                if (beforePuts != null) {
                    if (thread == 0) {
                        beforePuts.accept(frames);
                    }
                    team.await();
                }
                start = System.nanoTime();
                FrameLoops.putAll(allocator, thread, spec.order(), frames[thread], lastFirst);
                putNanos[thread] += System.nanoTime() - start;
                done++;
            } while (team.agree(thread, spec.again(done, Math.min(getNanos[thread], putNanos[thread]))));
            if (thread == 0) {
                rounds[0] = done;
            }
        });
        return Measurement.ofPhases(getNanos, putNanos, (long) count * rounds[0]);
    }
}
