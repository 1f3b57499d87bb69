package dev.llfree.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.core.Geometry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Power-loss crash consistency, checked on every crash image of recorded runs ({@link CrashRun}) over
 * the simulated persistence domain ({@link SimulatedPmem}: every line holds its media version or any version it
 * has had since, store by store): after recovery, {@code validate()} holds, every frame a returned get handed
 * out is allocated, every frame a returned put freed is free (or taken by a get in flight), and the leak is
 * within the frames of the operations in flight. Unlike a SIGKILL test, this sees a missing flush
 * ({@link MissingFlushTest} proves it).
 *
 * <p>Runs continue until {@code -Dcrash.images} images (default 50000 per thread count, CI) have been
 * checked; the long run is {@code -Dcrash.images=1000000}. {@code -Dcrash.seed} replays a run (the seed
 * of a failing run is printed with it), {@code -Dcrash.ops} sets operations per thread and run,
 * {@code -Dcrash.exhaustive} / {@code -Dcrash.samples} the images per crash point.
 */
class CrashEnumerationTest {
    static final long SEED = Long.getLong("crash.seed", System.nanoTime());
    private static final long IMAGES = Long.getLong("crash.images", 50_000);
    private static final int OPS = Integer.getInteger("crash.ops", 40);
    private static final long EXHAUSTIVE = Long.getLong("crash.exhaustive", 64);
    private static final int SAMPLES = Integer.getInteger("crash.samples", 16);
    private static final long GIANT_IMAGES = Long.getLong("crash.giantImages", 10_000);
    private static final int GIANT_OPS = Integer.getInteger("crash.giantOps", 18);
    private static final int GIANT_MAX_RUNS = 200;

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void shouldRecoverEveryCrashImageToTheStateTheOperationsPromised(int threads) throws InterruptedException {
        CrashRun.Settings settings = new CrashRun.Settings(threads, OPS, EXHAUSTIVE, SAMPLES,
            SimulatedPmem.FlushFault.NONE, false);
        Coverage coverage = new Coverage();
        long start = System.nanoTime();
        long runs = 0;
        long points = 0;
        long images = 0;
        long olderVersions = 0;
        long storeVersions = 0;
        while (images < IMAGES) {
            long seed = runSeed(runs++);
            CrashRun.Result result = CrashRun.run(seed, settings);
            assertEquals(0, result.violations(), () -> "crash.seed=" + seed + " (" + threads + " thread(s)): "
                + result.violations() + " violating images, first: " + String.join("\n", result.firstViolations()));
            points += result.points();
            images += result.images();
            olderVersions += result.olderVersions();
            storeVersions += result.storeVersions();
            coverage.add(result.coverage());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("crash enumeration, %d thread(s), crash.seed=%d: %d runs, %d crash points, %d images checked,"
            + " 0 violations, %.1f s, %.0f images/s%n  overwritten line versions offered: %d, of which only between"
            + " crash points: %d%n  coverage: %s%n", threads, SEED, runs, points, images, seconds, images / seconds,
            olderVersions, storeVersions, coverage);
        assertTrue(coverage.reservationChanges > 0 && coverage.steals + coverage.directTakes > 0
            && coverage.getsByOrder[10] > 0 && coverage.fixedGets > 0 && coverage.batchPutsOverLines > 0,
            coverage::toString);
        assertTrue(storeVersions > 0 && olderVersions > storeVersions, "the enumeration offered no overwritten versions");
    }

    /**
     * The same with a 1 GiB region in front: the fill takes it as a giant frame, and the workload puts it and
     * gets it back (or fails to, while small runs use the region) between its small operations, so there are
     * crash images at every persist point of giant gets and puts. The images are larger, so fewer are checked:
     * {@code -Dcrash.giantImages} (default 10000 per thread count).
     */
    @ParameterizedTest(name = "{0} thread(s), giant frames")
    @ValueSource(ints = {1, 2})
    void shouldRecoverEveryCrashImageOfGiantGetsAndPuts(int threads) throws InterruptedException {
        CrashRun.Settings settings = new CrashRun.Settings(threads, GIANT_OPS, EXHAUSTIVE, SAMPLES / 2,
            SimulatedPmem.FlushFault.NONE, true);
        Coverage coverage = new Coverage();
        long runs = 0;
        long images = 0;
        // Small runs may take the region before a giant get in a run: go on until a giant put was recorded too.
        while (images < GIANT_IMAGES || coverage.giantPuts == 0 && runs < GIANT_MAX_RUNS) {
            long seed = runSeed(runs++);
            CrashRun.Result result = CrashRun.run(seed, settings);
            assertEquals(0, result.violations(), () -> "crash.seed=" + seed + " (" + threads + " thread(s), giant): "
                + result.violations() + " violating images, first: " + String.join("\n", result.firstViolations()));
            images += result.images();
            coverage.add(result.coverage());
        }
        System.out.printf("crash enumeration with giant frames, %d thread(s), crash.seed=%d: %d runs, %d images checked,"
            + " 0 violations%n  coverage: %s%n", threads, SEED, runs, images, coverage);
        assertTrue(coverage.getsByOrder[Geometry.GIANT_ORDER] > 0 && coverage.giantPuts > 0, coverage::toString);
    }

    /** The seed of run {@code i}: run 0 has {@code crash.seed} itself, so a printed seed replays its run first. */
    static long runSeed(long i) {
        return runSeed(SEED, i);
    }

    /** The seed of run {@code i} of a series that starts with {@code seed}. */
    static long runSeed(long seed, long i) {
        return seed + i * 0x9E37_79B9_7F4A_7C15L;
    }
}
