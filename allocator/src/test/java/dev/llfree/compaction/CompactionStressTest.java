package dev.llfree.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Kind;
import dev.llfree.core.Geometry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Online compaction: owner threads get and put runs of mixed orders (a few pinned as {@code FIXED})
 * through a {@link HandleTable} while one thread compacts with every strategy in turn. Afterwards no
 * run is owned twice, every run is allocated and holds its content, the frames not owned are exactly
 * the free ones, no child stays marked, and the counters equal the bitfield recount.
 *
 * <p>Short by default (runs in the normal suite); the long run:
 * <pre>
 * mvn -pl native-bindings,allocator test -Dtest=CompactionStressTest -Dcompaction.stress.seconds=600
 * </pre>
 * {@code compaction.stress.seed} repeats a run (the owners' choices; thread timing still varies).
 */
class CompactionStressTest {
    private static final long SECONDS = Long.getLong("compaction.stress.seconds", 4);
    private static final long SEED = Long.getLong("compaction.stress.seed", new SplittableRandom().nextLong());
    private static final long FRAMES = 8L * Geometry.TREE_FRAMES;
    private static final int[] ORDERS = {0, 0, 0, 0, 0, 1, 2, 3};
    private static final int FIXED_PERCENT = 3;

    @ParameterizedTest(name = "{0} allocating thread(s)")
    @ValueSource(ints = {1, 2})
    @Timeout(value = 30, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldLoseNoFrameAndOwnNoneTwiceWhileOthersAllocate(int owners) throws InterruptedException {
        String seed = "seed=" + SEED + " (rerun with -Dcompaction.stress.seed=" + SEED + ")";
        try (OwnedMemory m = new OwnedMemory(FRAMES, owners + 1)) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < owners; t++) {
                Owner owner = new Owner(m, t, owners, new SplittableRandom(SEED + t));
                threads.add(Thread.ofPlatform().name("owner-" + t).start(() -> guard(failure, stop, () -> owner.churn(stop))));
            }
            long[] totals = new long[4];
            Thread compactor = Thread.ofPlatform().name("compactor").start(() -> guard(failure, stop, () -> {
                while (!stop.get()) {
                    for (Strategy strategy : Strategy.all()) {
                        CompactionReport r = new Compactor(strategy).compact(owners, m.allocator, m.table, Goal.maximal());
                        totals[0] += r.framesMoved();
                        totals[1] += r.hugeCleared();
                        totals[2] += r.gone();
                        totals[3] += r.failedChildren();
                    }
                }
            }));
            threads.add(compactor);
            Thread.sleep(TimeUnit.SECONDS.toMillis(SECONDS));
            stop.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
            if (failure.get() != null) {
                throw new AssertionError(seed, failure.get());
            }
            System.out.printf("compaction stress, %d owner(s), %d s: %d frames moved, %d huge frames cleared, %d moves"
                + " found their run gone, %d children given up%n", owners, SECONDS, totals[0], totals[1], totals[2], totals[3]);
            assertTrue(totals[0] > 0, seed + ": nothing was moved");
            m.check();
            CompactionReport last = new Compactor(Strategy.named("sparsest-first")).compact(0, m.allocator, m.table, Goal.maximal());
            assertEquals(0, last.gone(), seed);
            m.check();
        }
    }

    private static void guard(AtomicReference<Throwable> failure, AtomicBoolean stop, Runnable body) {
        try {
            body.run();
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
            stop.set(true);
        }
    }

    /** One owner: its own range of handles, kept about half full by random gets and puts. */
    private static final class Owner {
        private final OwnedMemory memory;
        private final int core;
        private final SplittableRandom random;
        private final int[] live;
        private final int firstHandle;
        private int count;
        private long held;
        private final long share;

        Owner(OwnedMemory memory, int core, int owners, SplittableRandom random) {
            this.memory = memory;
            this.core = core;
            this.random = random;
            int handles = memory.table.capacity() / owners;
            this.firstHandle = core * handles;
            this.live = new int[handles];
            this.share = FRAMES / 2 / owners;
        }

        void churn(AtomicBoolean stop) {
            int nextFree = 0;
            int[] spare = new int[live.length];
            int spareCount = 0;
            while (!stop.get()) {
                if (held < share && (count == 0 || random.nextInt(4) != 0)) {
                    int h = spareCount > 0 ? spare[--spareCount] : firstHandle + nextFree++;
                    int order = ORDERS[random.nextInt(ORDERS.length)];
                    Kind kind = random.nextInt(100) < FIXED_PERCENT ? Kind.FIXED : Kind.MOVABLE;
                    if (memory.get(core, h, order, kind)) {
                        live[count++] = h;
                        held += 1L << order;
                    } else {
                        spare[spareCount++] = h;
                    }
                } else if (count > 0) {
                    int i = random.nextInt(count);
                    int h = live[i];
                    held -= 1L << memory.table.runOrder(h);
                    memory.table.put(core, h);
                    live[i] = live[--count];
                    spare[spareCount++] = h;
                }
            }
        }
    }
}
