package dev.llfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Random get/put sequences against {@link FrameModel}: a returned run is free in the model, in range
 * and aligned; no run is handed out twice; no free run is lost (a get that fails while the model has a
 * free run of that order is a false out-of-memory); counters and {@code validate()} hold after every step.
 */
class AllocatorModelTest {
    private static final int[] ORDERS = {0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    /** Two whole trees, a partial third with a partial last child. */
    private static final long FRAMES = 2 * 16384 + 9 * 512 + 77;
    private static final int STEPS = 3_000;

    private record Run(long frame, int order) { }

    @RepeatedTest(12)
    void shouldMatchTheModelOnRandomGetsAndPuts(RepetitionInfo repetition) {
        long seed = 0xA110C_0000L + repetition.getCurrentRepetition();
        SplittableRandom random = new SplittableRandom(seed);
        int cores = 1 + random.nextInt(4);
        try (FrameAllocator allocator = LLFree.volatileFrames(FRAMES).cores(cores).build()) {
            FrameModel model = new FrameModel(FRAMES);
            List<Run> owned = new ArrayList<>();
            // Phases that favour get, then put, so memory fills up and drains again.
            for (int step = 0; step < STEPS; step++) {
                String where = "seed " + Long.toHexString(seed) + " step " + step;
                boolean filling = (step / 500) % 2 == 0;
                if (owned.isEmpty() || random.nextInt(100) < (filling ? 75 : 30)) {
                    int order = ORDERS[random.nextInt(ORDERS.length)];
                    Kind kind = Kind.of(random.nextInt(Kind.COUNT));
                    long frame = allocator.get(random.nextInt(8), order, kind);
                    if (frame == FrameAllocator.NO_FRAME) {
                        assertFalse(model.hasFreeRun(order), where + ": false out-of-memory for order " + order);
                    } else {
                        assertEquals(0, frame & ((1L << order) - 1), where + ": misaligned " + frame);
                        assertTrue(model.isFree(frame, order), where + ": run " + frame + "/" + order + " handed out twice");
                        model.allocate(frame, order);
                        owned.add(new Run(frame, order));
                    }
                } else {
                    Run run = owned.remove(random.nextInt(owned.size()));
                    allocator.put(random.nextInt(8), run.frame(), run.order());
                    model.free(run.frame(), run.order());
                }
                assertEquals(model.freeFrames(), allocator.freeFrames(), where);
                if (step % 10 == 0) {
                    allocator.validate();
                    long probe = random.nextLong(FRAMES);
                    assertEquals(model.isFree(probe, 0), allocator.isFree(probe, 0), where + ": isFree(" + probe + ")");
                }
            }
            for (Run run : owned) {
                allocator.put(0, run.frame(), run.order());
            }
            allocator.validate();
            assertEquals(FRAMES, allocator.freeFrames());
            assertEquals(FRAMES / 512, allocator.freeHugeFrames());
        }
    }

    @RepeatedTest(4)
    void shouldMatchTheModelWithBatches(RepetitionInfo repetition) {
        long seed = 0xBA7C4_0000L + repetition.getCurrentRepetition();
        SplittableRandom random = new SplittableRandom(seed);
        try (FrameAllocator allocator = LLFree.volatileFrames(FRAMES).cores(2).build()) {
            FrameModel model = new FrameModel(FRAMES);
            List<long[]> batches = new ArrayList<>();
            List<Integer> orders = new ArrayList<>();
            for (int step = 0; step < 400; step++) {
                String where = "seed " + Long.toHexString(seed) + " step " + step;
                if (batches.isEmpty() || random.nextInt(100) < 55) {
                    int order = ORDERS[random.nextInt(ORDERS.length)];
                    long[] out = new long[1 + random.nextInt(200)];
                    int got = allocator.getBatch(random.nextInt(4), order, Kind.of(random.nextInt(Kind.COUNT)), out, 0, out.length);
                    for (int i = 0; i < got; i++) {
                        assertTrue(model.isFree(out[i], order), where + ": run " + out[i] + " handed out twice");
                        model.allocate(out[i], order);
                    }
                    if (got < out.length) {
                        assertFalse(model.hasFreeRun(order), where + ": batch stopped at " + got + " with runs of order " + order + " free");
                    }
                    batches.add(java.util.Arrays.copyOf(out, got));
                    orders.add(order);
                } else {
                    int i = random.nextInt(batches.size());
                    long[] batch = batches.remove(i);
                    int order = orders.remove(i);
                    allocator.putBatch(random.nextInt(4), order, batch, 0, batch.length);
                    for (long f : batch) {
                        model.free(f, order);
                    }
                }
                assertEquals(model.freeFrames(), allocator.freeFrames(), where);
                allocator.validate();
            }
        }
    }
}
