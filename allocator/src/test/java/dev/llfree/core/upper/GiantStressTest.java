package dev.llfree.core.upper;

import static dev.llfree.core.upper.AllocatorStressTest.Owned;
import static dev.llfree.core.upper.AllocatorStressTest.Ownership;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.core.Geometry;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Giant frames under concurrency: one thread gets and puts 1 GiB frames while the others get and put runs
 * of orders 0..10 (and now and then give their reservations back, so they reserve trees anew, in regions
 * being taken too). Checks as {@link AllocatorStressTest}: no frame is owned twice (every frame of every run,
 * live and at the end), {@code validate()} holds, and freeing everything restores the initial state. With
 * memory nearly full (pressure 110%), small gets steal from every tree while giant frames come and go.
 * Properties as {@link AllocatorStressTest} ({@code stress.threads}, {@code stress.ops}, {@code stress.seed}).
 */
class GiantStressTest {
    private static final int THREADS = Math.max(2, Integer.getInteger("stress.threads", 4));
    private static final long OPS = Long.getLong("stress.ops", 200_000) / 2;
    /** Giant operations per small ones of one thread: a giant get or put costs about 128 child CASes. */
    private static final int GIANT_EVERY = 50;
    private static final int[] SMALL_ORDERS = {0, 0, 1, 3, 6, 7, 8, 9, 10};
    /** Six whole 1 GiB regions, then three trees, five children and a partial child. */
    private static final long FRAMES = 6L * (1L << Geometry.GIANT_ORDER) + 3L * Geometry.TREE_FRAMES
        + 5L * Geometry.CHILD_FRAMES + 77;

    @ParameterizedTest(name = "small gets want {0}% of memory")
    @ValueSource(ints = {25, 110})
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldNeverHandOutAFrameTwiceWhenGiantAndSmallRunsRace(int pressure) throws Exception {
        try (FrameAllocator alloc = LLFree.volatileFrames(FRAMES).cores(THREADS).build()) {
            long initialHuge = alloc.freeHugeFrames();
            Ownership live = new Ownership(alloc.frames());
            long cap = alloc.frames() * pressure / 100 / (THREADS - 1);
            Owned[] owned = new Owned[THREADS];
            AtomicLong giantGets = new AtomicLong();
            AllocatorStressTest.parallel(THREADS, t -> {
                SplittableRandom rnd = new SplittableRandom(AllocatorStressTest.BASE_SEED + t);
                Owned mine = owned[t] = new Owned();
                boolean giant = t == 0;
                long ops = giant ? OPS / GIANT_EVERY : OPS;
                for (long op = 0; op < ops; op++) {
                    boolean get = giant ? mine.size < 2 && rnd.nextBoolean()
                        : mine.frames < cap ? rnd.nextInt(100) < 60 : rnd.nextInt(100) < 20;
                    if (get || mine.size == 0) {
                        int order = giant ? Geometry.GIANT_ORDER : SMALL_ORDERS[rnd.nextInt(SMALL_ORDERS.length)];
                        long frame = alloc.get(t, order, AllocatorStressTest.kindFor(order, rnd));
                        if (frame >= 0) {
                            AllocatorStressTest.checkRun(alloc, frame, order, "thread " + t + " op " + op);
                            live.acquire(frame, order, t, op);
                            mine.add(frame, order);
                            giantGets.addAndGet(giant ? 1 : 0);
                        }
                    } else {
                        long run = mine.removeAt(rnd.nextInt(mine.size));
                        live.release(Owned.frame(run), Owned.order(run), t, op);
                        alloc.put(t, Owned.frame(run), Owned.order(run));
                    }
                    if (!giant && rnd.nextInt(5000) == 0) {
                        alloc.drain(); // every core reserves anew: small gets start in other regions
                    }
                }
            });
            System.out.printf("giant stress, pressure %d%%: %d giant gets succeeded, %s%n", pressure, giantGets.get(),
                AllocatorStressTest.seed());
            if (pressure < 100) { // above 100%, small runs may hold a frame of every region for the whole run
                assertTrue(giantGets.get() > 0, AllocatorStressTest::seed);
            }
            AllocatorStressTest.checkQuiescent(alloc, owned);
            AllocatorStressTest.freeAllInParallel(alloc, owned, live);
            AllocatorStressTest.checkInitial(alloc, initialHuge);
            alloc.drain();
            long g = alloc.getOrThrow(0, Geometry.GIANT_ORDER, Kind.HUGE); // every region is whole again
            alloc.put(0, g, Geometry.GIANT_ORDER);
        }
    }
}
