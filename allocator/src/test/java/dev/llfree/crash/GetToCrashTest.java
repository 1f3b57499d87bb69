package dev.llfree.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.llfree.file.PoolLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * get-to and put-from under power loss, on every crash image of recorded runs ({@link GetToCrashRun}):
 * after recovery each destination's run is allocated and held, or free and not held; never leaked, never
 * referenced and free. With a second thread doing plain gets and puts on the same memory. The negative
 * controls remove one of get-to's flush sites and must be caught. {@code -Dcrash.images} sets the images
 * per case (default 20000), {@code -Dcrash.seed} replays a run.
 */
class GetToCrashTest {
    private static final long IMAGES = Long.getLong("crash.images", 20_000);
    private static final int OPS = 30;
    private static final int MAX_RUNS = 20;

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void shouldLeaveEveryRunHeldAndAllocatedOrFreeAndUnheld(int threads) throws InterruptedException {
        long runs = 0;
        long points = 0;
        long images = 0;
        while (images < IMAGES / 2 * threads) {
            long seed = CrashEnumerationTest.runSeed(runs++);
            GetToCrashRun.Result result = GetToCrashRun.run(seed, threads, OPS, GetToCrashRun.Fault.NONE);
            assertEquals(0, result.violations(), () -> "crash.seed=" + seed + ": " + result.violations()
                + " violating images, first: " + String.join("\n", result.first()));
            points += result.points();
            images += result.images();
        }
        System.out.printf("get-to crash enumeration, %d thread(s), crash.seed=%d: %d runs, %d crash points,"
            + " %d images checked, 0 violations%n", threads, CrashEnumerationTest.SEED, runs, points, images);
    }

    /** A flush site of get-to and put-from. */
    enum RemovedFlush implements GetToCrashRun.Fault {
        /** The intent slot's line (bind and free). */
        INTENT_SLOT(PoolLayout.INTENTS_OFFSET, PoolLayout.INTENTS_OFFSET + PoolLayout.INTENTS * PoolLayout.INTENT_BYTES),
        /** The destination's line (roots; the data destinations are after the lower allocator). */
        ROOT_LINE(PoolLayout.ROOTS_OFFSET, PoolLayout.INTENTS_OFFSET);

        private final long from;
        private final long to;

        RemovedFlush(long from, long to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public boolean drops(long line) {
            return line >= from && line < to;
        }
    }

    @ParameterizedTest
    @EnumSource(RemovedFlush.class)
    void shouldFindViolatingCrashImagesWhenAFlushIsRemoved(RemovedFlush removed) throws InterruptedException {
        long images = 0;
        for (int run = 0; run < MAX_RUNS; run++) {
            long seed = CrashEnumerationTest.runSeed(run);
            GetToCrashRun.Result result = GetToCrashRun.run(seed, 1, OPS, removed);
            images += result.images();
            if (result.violations() > 0) {
                System.out.printf("negative control, %s removed: caught in run %d (%d images checked); first:%n  %s%n",
                    removed, run + 1, images, result.first().getFirst());
                return;
            }
        }
        fail(removed + " removed: not caught in " + MAX_RUNS + " runs (" + images + " images, crash.seed="
            + CrashEnumerationTest.SEED + ")");
    }
}
