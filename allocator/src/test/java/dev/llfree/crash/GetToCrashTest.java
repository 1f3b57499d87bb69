package dev.llfree.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * get-to and put-from under power loss, on every crash image of recorded runs ({@link GetToCrashRun}):
 * after recovery each destination's run is allocated and held, or free and not held; never leaked, never
 * referenced and free. With a second thread doing plain gets and puts on the same memory. Its negative
 * controls are {@link MissingFlushTest}'s, by flush site. {@code -Dcrash.images} sets the images per case
 * (default 20000), {@code -Dcrash.seed} replays a run.
 */
class GetToCrashTest {
    private static final long IMAGES = Long.getLong("crash.images", 20_000);
    private static final int OPS = 30;

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void shouldLeaveEveryRunHeldAndAllocatedOrFreeAndUnheld(int threads) throws InterruptedException {
        long runs = 0;
        long points = 0;
        long images = 0;
        while (images < IMAGES / 2 * threads) {
            long seed = CrashEnumerationTest.runSeed(runs++);
            GetToCrashRun.Result result = GetToCrashRun.run(seed, threads, OPS, SimulatedPmem.FlushFault.NONE);
            assertEquals(0, result.violations(), () -> "crash.seed=" + seed + ": " + result.violations()
                + " violating images, first: " + String.join("\n", result.first()));
            points += result.points();
            images += result.images();
        }
        System.out.printf("get-to crash enumeration, %d thread(s), crash.seed=%d: %d runs, %d crash points,"
            + " %d images checked, 0 violations%n", threads, CrashEnumerationTest.SEED, runs, points, images);
    }
}
