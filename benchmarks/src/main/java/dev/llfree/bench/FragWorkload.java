package dev.llfree.bench;

import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.OutOfFramesException;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link Workload#FRAG}: long random churn of mixed orders, to watch fragmentation over time. Each
 * thread fills its share of {@link #FILL_PERCENT}% of memory with runs of random orders
 * ({@link #ORDER_PERCENTS}: 70% order 0, 10% each of orders 1, 2 and 3, all movable; capped so that it
 * never holds more than its share), then repeats
 * {@code rounds} times: put a random {@link #CHURN_PERCENT}% of the runs it holds, then get runs of random
 * orders until it is back at its share. After the fill (round 0) and after every round, all threads
 * wait while thread 0 samples the free frames and the free huge frames; the ideal is
 * {@code floor(free frames / 512)} ({@link FragSample#idealHugeFrames()}). A get of order above 0 that
 * finds no run falls back to order 0 and is counted.
 */
final class FragWorkload {
    /** Share of memory held throughout, in percent. */
    static final int FILL_PERCENT = 50;
    /** Share of its runs each thread puts back per round, in percent. */
    static final int CHURN_PERCENT = 10;
    /** Probability of each order 0..3, in percent. */
    static final int[] ORDER_PERCENTS = {70, 10, 10, 10};

    private FragWorkload() { }

    static List<FragCount> run(FrameAllocator allocator, int threads, int rounds, long seed, boolean pin) {
        long share = allocator.frames() * FILL_PERCENT / 100 / threads;
        Churner[] churners = new Churner[threads];
        List<FragCount> counts = new ArrayList<>();
        Parallel.run("frag", threads, pin, (thread, team) -> {
            Churner churner = new Churner(allocator, thread, share, new SplittableRandom(seed + thread));
            churners[thread] = churner;
            churner.fill();
            for (int round = 0; round <= rounds; round++) {
                if (round > 0) {
                    churner.churn();
                }
                team.await();
                if (thread == 0) {
                    long failed = 0;
                    for (Churner c : churners) {
                        failed += c.failedGets;
                    }
                    counts.add(new FragCount(round, allocator.freeFrames(), allocator.freeHugeFrames(), failed));
                }
                team.await();
            }
            churner.putAll();
        });
        return counts;
    }

    /** One thread's runs: frames and orders in parallel arrays, unordered. */
    private static final class Churner {
        private final FrameAllocator allocator;
        private final int core;
        private final long share;
        private final SplittableRandom random;
        private final long[] frames;
        private final byte[] orders;
        private int runs;
        private long held;
        private long failedGets;

        Churner(FrameAllocator allocator, int core, long share, SplittableRandom random) {
            this.allocator = allocator;
            this.core = core;
            this.share = share;
            this.random = random;
            this.frames = new long[Math.toIntExact(share)];
            this.orders = new byte[frames.length];
        }

        /** Gets runs of random orders until the thread holds its share. */
        void fill() {
            while (held < share) {
                int order = Math.min(randomOrder(), 63 - Long.numberOfLeadingZeros(share - held));
                long frame = allocator.get(core, order, Kind.MOVABLE);
                if (frame == FrameAllocator.NO_FRAME) {
                    if (order == 0) {
                        throw new OutOfFramesException(order, allocator.freeFrames());
                    }
                    failedGets++;
                    order = 0;
                    frame = allocator.getOrThrow(core, order, Kind.MOVABLE);
                }
                frames[runs] = frame;
                orders[runs] = (byte) order;
                runs++;
                held += 1L << order;
            }
        }

        /** Puts a random share of the runs back, then refills. */
        void churn() {
            int puts = runs * CHURN_PERCENT / 100;
            for (int i = 0; i < puts; i++) {
                int victim = random.nextInt(runs);
                allocator.put(core, frames[victim], orders[victim]);
                held -= 1L << orders[victim];
                runs--;
                frames[victim] = frames[runs];
                orders[victim] = orders[runs];
            }
            fill();
        }

        void putAll() {
            for (int i = 0; i < runs; i++) {
                allocator.put(core, frames[i], orders[i]);
            }
            runs = 0;
            held = 0;
        }

        private int randomOrder() {
            int roll = random.nextInt(100);
            int order = 0;
            while (roll >= ORDER_PERCENTS[order]) {
                roll -= ORDER_PERCENTS[order];
                order++;
            }
            return order;
        }
    }
}
