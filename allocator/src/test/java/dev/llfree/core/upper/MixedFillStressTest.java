package dev.llfree.core.upper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.core.Geometry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Two threads fill every frame of a many-tree allocator with runs of random orders (0 half the time, else 3, 6, 9 or
 * 10) and kinds, each thread dropping an order and the larger ones when a get of it returns {@code NO_FRAME} (no put
 * runs during the fill, so none comes back): at the end no frame is free, and a
 * {@code NO_FRAME} at order 0 while free frames must have existed is a false out-of-memory. Reservations find their
 * trees through the summary of unreserved trees ({@link TreeSummary}); the gets that searched every tree are counted,
 * and must stay rare (at most 2 %): the gets that end an order for a thread, and gets of orders above 0 that find no aligned
 * run in the few candidates a reservation examines (10 to 80 of about 31 000 gets, measured on 2 loaded cores).
 */
class MixedFillStressTest {
    private static final int THREADS = 2;
    private static final List<Integer> ORDERS = List.of(0, 3, 6, 9, 10);
    private static final long FRAMES = 64L * Geometry.TREE_FRAMES + 7 * Geometry.CHILD_FRAMES + 300;

    @RepeatedTest(3)
    void shouldFillEveryFrameWithoutAFalseOutOfMemory() throws Exception {
        long seed = AllocatorStressTest.BASE_SEED;
        try (FrameAllocator alloc = LLFree.volatileFrames(FRAMES).cores(THREADS).build()) {
            AtomicLong allocated = new AtomicLong(); // frames of the gets that returned
            AtomicLong inFlight = new AtomicLong(); // frames the gets in flight may take
            AtomicLong gets = new AtomicLong();
            List<String> falseOom = Collections.synchronizedList(new ArrayList<>());
            List<List<long[]>> held = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                held.add(new ArrayList<>());
            }
            AllocatorStressTest.parallel(THREADS, t -> {
                SplittableRandom random = new SplittableRandom(seed + t);
                List<Integer> orders = new ArrayList<>(ORDERS);
                while (!orders.isEmpty()) {
                    // Order 0 half the time, so that small and huge runs interleave until memory is full.
                    int order = random.nextBoolean() ? orders.getFirst() : orders.get(random.nextInt(orders.size()));
                    Kind kind = Kind.of(random.nextInt(Kind.COUNT));
                    inFlight.addAndGet(1L << order);
                    long frame = alloc.get(t, order, kind);
                    gets.incrementAndGet();
                    if (frame == FrameAllocator.NO_FRAME) {
                        long others = inFlight.addAndGet(-(1L << order));
                        long done = allocated.get();
                        if (order == 0 && done + others < FRAMES) {
                            falseOom.add("thread " + t + " (" + kind + ") got NO_FRAME at order 0 while " + done
                                + " frames were taken and " + others + " in flight, of " + FRAMES);
                        }
                        // No put runs during the fill, so no run of this order or a larger one comes back.
                        orders.removeIf(o -> o >= order);
                        continue;
                    }
                    allocated.addAndGet(1L << order);
                    inFlight.addAndGet(-(1L << order));
                    held.get(t).add(new long[] {frame, order});
                }
            });
            String seedNote = "seed=" + seed + " (rerun with -Dstress.seed=" + seed + ")";
            assertEquals(List.of(), falseOom, seedNote);
            assertEquals(FRAMES, allocated.get(), "frames allocated, " + seedNote);
            assertEquals(0, alloc.freeFrames(), seedNote);
            alloc.validate();
            long exhaustive = alloc.stats().exhaustiveSearches();
            System.out.printf("mixed fill: %d gets, %d searched every tree, %s%n", gets.get(), exhaustive, seedNote);
            assertTrue(exhaustive <= gets.get() / 50, exhaustive + " of " + gets.get()
                + " gets searched every tree (expected at most 2 %), " + seedNote);
            for (List<long[]> runs : held) {
                for (long[] run : runs) {
                    alloc.put(0, run[0], (int) run[1]);
                }
            }
            alloc.drain();
            alloc.validate();
            assertEquals(FRAMES, alloc.freeFrames(), seedNote);
        }
    }
}
