package dev.llfree.crash;

import static org.junit.jupiter.api.Assertions.fail;

import dev.llfree.core.Geometry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The negative control of {@link CrashEnumerationTest}: a build with one flush removed must be caught.
 * Each case removes one of the lower allocator's flush sites, as such a build would, by letting the
 * simulated memory lose exactly those flushes; the enumeration must then find crash images that
 * violate what the returned operations promised.
 */
class MissingFlushTest {
    private static final int MAX_RUNS = 20;

    /** A flush site of the lower allocator: the operation it belongs to and the line it writes back. */
    enum RemovedFlush implements CrashRun.Fault {
        /** A small get's bitfield row (orders 0..8, single or batch). */
        GET_BITFIELD_ROW(false, CrashRun.Area.BITFIELD_ROW, false),
        /** A huge get's child line (orders 9 and 10: the huge flag). */
        GET_CHILD_LINE(false, CrashRun.Area.CHILD_LINE, false),
        /** A small put's bitfield row. */
        PUT_BITFIELD_ROW(true, CrashRun.Area.BITFIELD_ROW, false),
        /** A huge put's child line. */
        PUT_CHILD_LINE(true, CrashRun.Area.CHILD_LINE, false),
        /** A giant get's 16 child lines, flushed before the commit (the giant flags under the bit). */
        GIANT_GET_CHILD_LINES(false, CrashRun.Area.CHILD_LINE, true),
        /** A giant get's commit: the giant bit's line. */
        GIANT_GET_COMMIT(false, CrashRun.Area.GIANT_BITS, true),
        /** A giant put's cleared bit. */
        GIANT_PUT_BIT(true, CrashRun.Area.GIANT_BITS, true);

        private final boolean put;
        private final CrashRun.Area area;
        private final boolean giant;

        RemovedFlush(boolean put, CrashRun.Area area, boolean giant) {
            this.put = put;
            this.area = area;
            this.giant = giant;
        }

        @Override
        public boolean drops(Ownership.Op op, CrashRun.Area line) {
            return op.put() == put && line == area && (!giant || op.order() == Geometry.GIANT_ORDER);
        }
    }

    @ParameterizedTest
    @EnumSource(RemovedFlush.class)
    void shouldFindViolatingCrashImagesWhenAFlushIsRemoved(RemovedFlush removed) throws InterruptedException {
        CrashRun.Settings settings = removed.giant ? new CrashRun.Settings(1, 24, 256, 32, removed, true)
            : new CrashRun.Settings(1, 40, 256, 64, removed, false);
        long images = 0;
        long dropped = 0;
        for (int run = 0; run < MAX_RUNS; run++) {
            long seed = CrashEnumerationTest.runSeed(run);
            CrashRun.Result result = CrashRun.run(seed, settings);
            images += result.images();
            dropped += result.droppedFlushes();
            if (result.violations() > 0) {
                System.out.printf("negative control, %s removed: caught in run %d (%d flushes dropped, %d images checked),"
                    + " %d violating images in that run; first:%n  %s%n", removed, run + 1, dropped, images,
                    result.violations(), result.firstViolations().getFirst());
                return;
            }
        }
        fail(removed + " removed: not caught in " + MAX_RUNS + " runs (" + dropped + " flushes dropped, " + images
            + " images checked, crash.seed=" + CrashEnumerationTest.SEED + ")");
    }
}
