package dev.llfree.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Kind;
import dev.llfree.internal.Geometry;
import dev.llfree.lower.LowerLayout;
import dev.llfree.upper.LLFreeAllocator;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Two interleavings the two-thread enumeration found, scripted: thread A's put has changed a child
 * and flushed the line, but not drained; thread B's get then builds on the change and makes its own
 * line durable. A power failure now can leave B's line on the media without A's: a child that is huge
 * and has bits set in its row, which recovery refuses ("corrupt metadata": the pool does not open).
 *
 * <ol>
 *   <li>A puts a huge frame: one CAS clears the huge flag and sets free = 512. B's small get reserves
 *       capacity in that child and persists its row.</li>
 *   <li>A puts the last small runs of a child in a batch: the child counter is raised before the batch's
 *       drain. B's huge get takes the now wholly free child and persists the child line.</li>
 * </ol>
 */
class PutBeforeDrainRaceTest {
    private static final long FRAMES = Geometry.TREE_FRAMES;

    @Test
    void shouldRecoverEveryImageWhenAGetTakesTheChildOfAHugePutNotYetDurable() throws InterruptedException {
        try (Scenario s = new Scenario()) {
            long huge = s.getAHugeFrameAndAllButOneOtherFrame();
            s.race(
                () -> s.put(List.of(new Ownership.Run(huge, Geometry.CHILD_ORDER))),
                () -> s.get(1, 0, Kind.MOVABLE));
            s.assertEveryImageRecovers();
        }
    }

    @Test
    void shouldRecoverEveryImageWhenAHugeGetTakesTheChildOfABatchPutNotYetDurable() throws InterruptedException {
        try (Scenario s = new Scenario()) {
            List<Ownership.Run> small = s.getThreeSmallRunsInChildZeroAndAllButOneOtherChild();
            s.race(
                () -> s.put(small),
                () -> s.get(1, Geometry.CHILD_ORDER, Kind.HUGE));
            s.assertEveryImageRecovers();
        }
    }

    /** An allocator on a simulated persistence domain, where thread A stops before its drain while B runs. */
    private static final class Scenario implements AutoCloseable {
        private final Arena arena = Arena.ofShared();
        private final SimulatedPmem memory = new SimulatedPmem(LowerLayout.bytes(FRAMES));
        private final LLFreeAllocator allocator = LLFreeAllocator.create(memory, 0, FRAMES, 2);
        private final Ownership own = new Ownership(FRAMES);
        private final RecoveredImage recovered = new RecoveredImage(arena, memory.bytes(), FRAMES, 2);
        private final List<String> violations = new ArrayList<>();
        private long images;

        /** Child 0 as a huge frame, then every other frame but one as small frames: B's get has one frame to take. */
        long getAHugeFrameAndAllButOneOtherFrame() {
            long huge = get(0, Geometry.CHILD_ORDER, Kind.HUGE);
            allocator.drain();
            for (long i = Geometry.CHILD_FRAMES; i < FRAMES - 1; i++) {
                get(0, 0, Kind.MOVABLE);
            }
            settle();
            assertEquals(0, huge, "child 0, where B's search will start");
            assertEquals(1, allocator.freeFrames());
            return huge;
        }

        /** Three small runs in child 0, children 1..30 as huge frames: B's huge get has child 31 to take. */
        List<Ownership.Run> getThreeSmallRunsInChildZeroAndAllButOneOtherChild() {
            List<Ownership.Run> small = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                small.add(new Ownership.Run(get(0, 0, Kind.MOVABLE), 0));
            }
            allocator.drain();
            for (int c = 1; c < Geometry.TREE_CHILDREN - 1; c++) {
                get(0, Geometry.CHILD_ORDER, Kind.HUGE);
            }
            settle();
            assertTrue(small.stream().allMatch(r -> r.child() == 0), small::toString);
            assertEquals(1, allocator.freeHugeFrames());
            return small;
        }

        /** Reservations given back and every line durable: the state after a clean close and open. */
        private void settle() {
            allocator.drain();
            memory.persistAll();
        }

        long get(int core, int order, Kind kind) {
            long[] got = new long[1];
            own.beginGet(core, order, 1, "get order " + order + " core " + core);
            got[0] = allocator.get(core, order, kind);
            own.endGet(order, 1, got, got[0] >= 0 ? 1 : 0);
            return got[0];
        }

        /** A put on core 0: a single put of one run, a batch of several. */
        void put(List<Ownership.Run> runs) {
            own.beginPut(0, runs, "put " + runs + " core 0");
            if (runs.size() == 1) {
                allocator.put(0, runs.getFirst().frame(), runs.getFirst().order());
            } else {
                long[] frames = runs.stream().mapToLong(Ownership.Run::frame).toArray();
                allocator.putBatch(0, frames, 0, frames.length, runs.getFirst().order());
            }
            own.endPut(runs);
        }

        /**
         * Runs {@code a} on its own thread until it reaches its drain, then {@code b} to its end on this
         * thread, checks every crash image of that moment, and lets A finish.
         */
        void race(Runnable a, Runnable b) throws InterruptedException {
            ScriptedRace.run(memory, "drain", a, () -> {
                b.run();
                CrashPoint point = memory.capture();
                images = point.forEachImage(Long.MAX_VALUE, 0, new SplittableRandom(0), choice -> {
                    memory.materialise(point, choice, recovered.image());
                    String violation = recovered.check(own);
                    if (violation != null) {
                        violations.add(violation);
                    }
                });
            });
        }

        void assertEveryImageRecovers() {
            assertTrue(images > 1, "no crash image differs from the media");
            assertEquals(List.of(), violations, violations.size() + " of " + images + " crash images violate");
            allocator.validate();
        }

        @Override
        public void close() {
            memory.close();
            arena.close();
        }
    }
}
