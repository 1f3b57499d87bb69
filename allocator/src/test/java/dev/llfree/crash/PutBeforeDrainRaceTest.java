package dev.llfree.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Kind;
import dev.llfree.core.Geometry;
import dev.llfree.core.upper.LLFreeAllocator;
import dev.llfree.core.words.LowerLayout;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 *
 * <p>A third interleaving is legal and scripted so that the checker keeps accepting it (the giant enumeration
 * flagged it, crash.seed=-7046029254386348889): A's put of a small run has cleared its bit, B's get takes the
 * same bit (a put's clear is its LP, and the bit is the truth on one line, so nothing is ambiguous), returns,
 * and puts the run again; A returns while B's put has not drained. The run is then being put by B.
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

    @Test
    void shouldRecoverEveryImageWhenAGetTakesTheRunOfASmallPutNotYetDurableAndPutsItAgain()
            throws InterruptedException {
        try (Scenario s = new Scenario()) {
            long run = s.getEveryFrameButOneBeside(0);
            Ownership.Run small = new Ownership.Run(run, 0);
            Scenario.Stopped a = s.startUntilDrain("A", () -> { }, () -> s.put(List.of(small)));
            Scenario.Stopped b = s.startUntilDrain("B",
                () -> assertEquals(run, s.get(1, 0, Kind.MOVABLE), "B's get takes the bit A's put cleared"),
                () -> s.put(List.of(small)));
            a.finish();
            s.checkEveryImage();
            b.finish();
            s.assertEveryImageRecovers();
        }
    }

    /** An allocator on a simulated persistence domain, where a thread stops at its drain while another runs. */
    private static final class Scenario implements AutoCloseable {
        private final Arena arena = Arena.ofShared();
        private final SimulatedPmem memory = new SimulatedPmem(LowerLayout.bytes(FRAMES));
        private final LLFreeAllocator allocator = LLFreeAllocator.create(memory, 0, FRAMES, 2);
        private final Ownership own = new Ownership(FRAMES);
        private final RecoveredImage recovered = new RecoveredImage(arena, memory.bytes(), FRAMES, 2);
        private final List<Stopped> stoppable = new CopyOnWriteArrayList<>(); // added while A waits in the listener
        private final List<String> violations = new ArrayList<>();
        private long images;

        Scenario() {
            memory.listener(event -> {
                for (Stopped s : stoppable) {
                    s.atCrashPoint(event);
                }
            });
        }

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

        /**
         * Every frame as order 0, then {@code frame}'s neighbour in the word freed: B's get has capacity for one
         * frame in child 0 and claims the lowest clear bit of the word, which is {@code frame} once A cleared it.
         */
        long getEveryFrameButOneBeside(long frame) {
            for (long i = 0; i < FRAMES; i++) {
                get(0, 0, Kind.MOVABLE);
            }
            put(List.of(new Ownership.Run(frame ^ 1, 0)));
            settle();
            assertEquals(1, allocator.freeFrames());
            return frame;
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
                allocator.putBatch(0, runs.getFirst().order(), frames, 0, frames.length);
            }
            own.endPut(runs);
        }

        /**
         * Runs {@code a} on its own thread until it reaches its drain, then {@code b} to its end on this
         * thread, checks every crash image of that moment, and lets A finish.
         */
        void race(Runnable a, Runnable b) throws InterruptedException {
            Stopped stopped = startUntilDrain("A", () -> { }, a);
            b.run();
            checkEveryImage();
            stopped.finish();
        }

        /**
         * Starts a thread that runs {@code before}, then {@code body} until {@code body} reaches a drain, and
         * returns when it stopped there (or ended without one).
         */
        Stopped startUntilDrain(String name, Runnable before, Runnable body) throws InterruptedException {
            Stopped s = new Stopped(name, before, body);
            stoppable.add(s);
            s.thread.start();
            assertTrue(s.reached.await(1, TimeUnit.MINUTES), name + " did not reach its drain");
            return s;
        }

        /** Recovers and checks every crash image of this moment. */
        void checkEveryImage() {
            CrashPoint point = memory.capture();
            images += point.forEachImage(Long.MAX_VALUE, 0, new SplittableRandom(0), choice -> {
                memory.materialise(point, choice, recovered.image());
                String violation = recovered.check(own);
                if (violation != null) {
                    violations.add(violation);
                }
            });
        }

        /** A thread of the script that waits at its first drain once its body runs, until {@link #finish}. */
        final class Stopped {
            private final Thread thread;
            private final CountDownLatch reached = new CountDownLatch(1);
            private final CountDownLatch resumed = new CountDownLatch(1);
            private final AtomicReference<Throwable> failed = new AtomicReference<>();
            private volatile boolean armed;

            Stopped(String name, Runnable before, Runnable body) {
                thread = new Thread(() -> {
                    try {
                        before.run();
                        armed = true;
                        body.run();
                    } finally {
                        reached.countDown(); // also when the body ended or failed before a drain
                    }
                }, name);
                thread.setUncaughtExceptionHandler((t, e) -> failed.set(e));
                thread.setDaemon(true); // a failed script leaves it waiting at its drain, never the JVM
            }

            private void atCrashPoint(String event) {
                if (Thread.currentThread() == thread && armed && event.equals("drain") && reached.getCount() > 0) {
                    reached.countDown();
                    ScriptedRace.awaitUninterruptibly(resumed);
                }
            }

            /** Lets the thread go on from its drain and waits for its end. */
            void finish() throws InterruptedException {
                resumed.countDown();
                thread.join();
                assertNull(failed.get(), thread.getName() + " failed");
            }
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
