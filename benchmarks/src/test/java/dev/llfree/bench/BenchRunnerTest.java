package dev.llfree.bench;

import dev.llfree.FrameAllocator;
import dev.llfree.LLFree;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the real LLFree allocator through every workload; the runner itself checks it ends wholly free. */
class BenchRunnerTest {
    private static final long MEMORY = 64L << 20;
    private static final List<Integer> THREADS = List.of(1, 2);
    private static final int RUNS = 2;
    private static final List<Workload> THROUGHPUT = List.of(Workload.BULK, Workload.REPEAT, Workload.RAND);

    @ParameterizedTest
    @CsvSource({"default, 0, false", "default, " + FrameAllocator.HUGE_ORDER + ", false", "default, 0, true",
        "llfree, 0, false", "llfree, 3, false"})
    void shouldMeasureEveryWorkloadAndThreadCountWhenTheAllocatorEndsWhollyFree(String definitions, int order, boolean pin) {
        BenchConfig config = new BenchConfig(THROUGHPUT, order, THREADS, MEMORY, RUNS, 7, 1,
                new BenchMethod(Definitions.of(definitions), 0, pin));
        List<BenchResult> seen = new ArrayList<>();

        List<String> warmUps = new ArrayList<>();
        BenchRunner runner = new BenchRunner(List.of(AllocatorFactory.LLFREE_VOLATILE), config);

        List<BenchResult> results = runner.run(warmUps::add, seen::add);

        assertEquals(runner.warmUpCount(), warmUps.size());
        assertTrue(warmUps.getFirst().startsWith("llfree/volatile bulk warm-up"), warmUps.toString());

        assertEquals(THROUGHPUT.size() * THREADS.size() * RUNS, results.size());
        assertEquals(results, seen);
        for (BenchResult r : results) {
            assertEquals("llfree", r.allocator());
            assertEquals("volatile", r.durability());
            assertEquals(order, r.order());
            assertEquals(MEMORY, r.memoryBytes());
            assertTrue(r.getNs() > 0 && r.putNs() > 0 && r.opsPerSecond() > 0, r.toString());
        }
    }

    /** A lower bound only: the phases cannot end sooner than asked, however loaded the machine is. */
    @ParameterizedTest
    @EnumSource(value = Workload.class, names = {"BULK", "REPEAT", "RAND"})
    void shouldRepeatShortPhasesUntilEachLastsTheMinimum(Workload workload) {
        long minPhaseMillis = 40;
        BenchConfig config = new BenchConfig(List.of(workload), 0, List.of(2), MEMORY, 1, 7, 1, new BenchMethod(Definitions.DEFAULT, minPhaseMillis, false));
        long start = System.nanoTime();

        List<BenchResult> results = new BenchRunner(List.of(AllocatorFactory.LLFREE_VOLATILE), config).run(w -> { }, r -> { });

        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        int timedPhases = workload == Workload.REPEAT ? 1 : 2;
        assertTrue(elapsedMillis >= 2 * timedPhases * minPhaseMillis, "warm-up and run took " + elapsedMillis + " ms");
        BenchResult r = results.getFirst();
        assertTrue(r.getNs() > 0 && r.putNs() > 0 && r.opsPerSecond() > 0, r.toString());
    }

    @ParameterizedTest
    @EnumSource(value = Workload.class, names = {"BULK", "REPEAT", "RAND"})
    void shouldFailLoudlyWhenFramesAreStillAllocatedAfterARun(Workload workload) {
        AllocatorFactory leaking = new AllocatorFactory("llfree", "volatile", (frames, cores) -> {
            FrameAllocator allocator = LLFree.volatileFrames(frames + FrameAllocator.HUGE_FRAMES).cores(cores).build();
            allocator.getOrThrow(0, 0, FrameLoops.kindFor(0)); // held outside the bench: never put back
            return allocator;
        });
        BenchConfig config = new BenchConfig(List.of(workload), 0, List.of(1), MEMORY, 1, 7, 1, BenchMethod.ONE_PASS);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new BenchRunner(List.of(leaking), config).run(w -> { }, r -> { }));

        assertTrue(e.getMessage().contains(workload + " (order 0, 1 thread, warm-up run) failed"), e.getMessage());
        assertTrue(e.getMessage().contains("not wholly free"), e.getMessage());
    }
}
