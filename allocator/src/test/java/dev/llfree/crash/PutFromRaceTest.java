package dev.llfree.crash;

import static dev.llfree.core.Checks.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Destination;
import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.core.Geometry;
import dev.llfree.core.lower.Lower;
import dev.llfree.core.upper.LLFreeAllocator;
import dev.llfree.core.words.LowerLayout;
import dev.llfree.file.PoolLayout;
import dev.llfree.file.Roots;
import dev.llfree.getto.GetTo;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Interleavings of a put-from with plain gets and puts in the same 2 MiB child, scripted; the two-thread
 * get-to enumeration ({@link GetToCrashTest}) found the first.
 *
 * <ol>
 *   <li>A's put-from of run f has emptied the destination durably and cleared f's bits, and stops at the
 *       row's flush; the slot still names f. B's plain get must not take f then: a crash image with B's
 *       bits durable and the slot still bound made recovery write f back into the destination, so f had
 *       two owners. Now the child is marked for the put-from: B's get cannot reserve capacity in it and finds
 *       nothing (before, it reserved the child's last free run and took f, the first free one).</li>
 *   <li>A plain put in the child stops at its drain (bits cleared, frames not yet released). A put-from in
 *       the child cannot hold it (an operation is in flight), so it leaves its slot {@code releasing} and
 *       returns with f still allocated; every crash image then recovers with f free. The next get-to frees f.</li>
 * </ol>
 */
class PutFromRaceTest {
    private static final long FRAMES = Geometry.TREE_FRAMES;
    private static final long LOWER = PoolLayout.HEADER_BYTES;
    private static final long DATA = LOWER + LowerLayout.bytes(FRAMES) + SimulatedPmem.LINE & -SimulatedPmem.LINE;
    private static final long DATA_BYTES = SimulatedPmem.LINE;
    private static final long ROW = LowerLayout.bitfieldOffset(LOWER);
    private static final Destination D = Destination.root(0);
    private static final Destination OTHER = Destination.root(1);

    @Test
    void shouldKeepAPlainGetOffARunWhosePutFromIsNotYetDurable() throws InterruptedException {
        try (Scenario s = new Scenario()) {
            long f = s.getToAndFillChildZero();
            long[] got = {FrameAllocator.NO_FRAME};
            s.race("flush " + ROW + "+", () -> s.getTo.putFrom(0, D, 3), () -> got[0] = s.allocator.get(1, 3, Kind.MOVABLE));
            assertEquals(FrameAllocator.NO_FRAME, got[0], "B took a frame of the child A's put-from holds");
            s.assertEveryImage(image -> {
                long held = image.roots.get(D);
                if (held != FrameAllocator.NO_FRAME && !image.truth.isAllocated(f, 3)) {
                    return "the destination holds " + hex(held) + ", which is free";
                }
                return held == FrameAllocator.NO_FRAME || held == f ? null : "the destination holds " + hex(held);
            });
            assertTrue(s.allocator.isFree(f, 3), "f is free once the put-from returned");
            s.allocator.validate();
        }
    }

    @Test
    void shouldFreeTheRunLaterWhenAPutIsInFlightInItsChild() throws InterruptedException {
        try (Scenario s = new Scenario()) {
            long f = s.putFromWhileAPutIsInFlightInItsChild();
            s.assertEveryImage(image -> image.roots.get(D) != FrameAllocator.NO_FRAME ? "the destination is not empty"
                : image.truth.isAllocated(f, 3) ? "f is allocated after recovery, and nobody holds it (a leak)" : null);
            long other = s.getTo.getTo(0, OTHER, 0, Kind.MOVABLE);
            assertTrue(s.allocator.isFree(f, 3) || other == f, "the next get-to did not free f");
            s.allocator.validate();
        }
    }

    @Test
    void shouldFreeTheRunWhenSettledWithNothingInFlight() throws InterruptedException {
        try (Scenario s = new Scenario()) {
            long f = s.putFromWhileAPutIsInFlightInItsChild();
            s.getTo.settle(); // as a clean close does
            assertTrue(s.allocator.isFree(f, 3), "settling did not free f");
            s.allocator.validate();
        }
    }

    /** A pool-like layout (header, lower allocator, data area) on a simulated persistence domain. */
    private static final class Scenario implements AutoCloseable {
        private final Arena arena = Arena.ofShared();
        private final SimulatedPmem memory = new SimulatedPmem(DATA + DATA_BYTES);
        private final LLFreeAllocator allocator;
        private final GetTo getTo;
        private final MemorySegment image;
        private final List<String> violations = new ArrayList<>();

        Scenario() {
            memory.segment().asSlice(PoolLayout.ROOTS_OFFSET, PoolLayout.ROOTS * Long.BYTES).fill((byte) 0xFF);
            allocator = LLFreeAllocator.create(memory, LOWER, FRAMES, 2);
            getTo = new GetTo(memory, allocator, new Roots(memory, DATA, DATA_BYTES));
            image = arena.allocate(memory.bytes(), SimulatedPmem.LINE);
        }

        /**
         * A get-to of order 3 in child 0 (f = 8), children 1..31 as huge frames and child 0 but run 0 as order-3
         * gets: a get can reserve capacity in child 0, and its search (runs are taken from the top of a row)
         * meets f before run 0 once f is free.
         */
        long getToAndFillChildZero() {
            long[] singles = new long[8];
            for (int i = 0; i < singles.length; i++) {
                singles[i] = allocator.get(0, 0, Kind.MOVABLE);
                assertEquals(i, singles[i], "single frames fill a tree from its bottom");
            }
            long f = getTo.getTo(0, D, 3, Kind.MOVABLE);
            assertEquals(8, f);
            for (int c = 1; c < Geometry.TREE_CHILDREN; c++) {
                assertTrue(allocator.get(0, Geometry.CHILD_ORDER, Kind.HUGE) >= Geometry.CHILD_FRAMES);
            }
            while (allocator.freeFrames() > 8) {
                assertTrue(allocator.get(0, 3, Kind.MOVABLE) < Geometry.CHILD_FRAMES);
            }
            for (long single : singles) {
                allocator.put(0, single, 0);
            }
            assertEquals(16, allocator.get(0, 3, Kind.MOVABLE), "the last run above f");
            allocator.drain();
            memory.persistAll();
            assertEquals(8, allocator.freeFrames());
            assertTrue(allocator.isFree(0, 3));
            return f;
        }

        /**
         * A put-from of f that races a plain put of another run of child 0, stopped at its drain: the put-from
         * cannot hold the child, so it returns with f still allocated (see the class comment, case 2).
         *
         * @return f
         */
        long putFromWhileAPutIsInFlightInItsChild() throws InterruptedException {
            long f = getToAndFillChildZero();
            long plain = anotherRunOfChildZero(f);
            race("drain", () -> allocator.put(1, plain, 3), () -> assertEquals(f, getTo.putFrom(0, D, 3)));
            assertTrue(!allocator.isFree(f, 3), "the put-from freed f while a put was in flight in its child");
            return f;
        }

        /** An allocated order-3 run of child 0 other than {@code f}. */
        private long anotherRunOfChildZero(long f) {
            for (long run = 0; run < Geometry.CHILD_FRAMES; run += 8) {
                if (run != f && !allocator.isFree(run, 3)) {
                    return run;
                }
            }
            throw new AssertionError("child 0 has no other run");
        }

        /** Runs {@code a} on its own thread until an event starting with {@code stop}, then {@code b} on this thread. */
        void race(String stop, Runnable a, Runnable b) throws InterruptedException {
            ScriptedRace.run(memory, stop, a, b);
        }

        /** Recovers every crash image of this moment as a pool open does and applies {@code check}. */
        void assertEveryImage(Check check) {
            CrashPoint point = memory.capture();
            long images = point.forEachImage(Long.MAX_VALUE, 0, new SplittableRandom(0), choice -> {
                memory.materialise(point, choice, image);
                String violation = recoverAndCheck(check);
                if (violation != null) {
                    violations.add(violation);
                }
            });
            assertTrue(images > 0);
            assertEquals(List.of(), violations, violations.size() + " of " + images + " crash images violate");
        }

        private String recoverAndCheck(Check check) {
            RecoveredPool recovered;
            try {
                recovered = RecoveredPool.recover(image, LOWER, FRAMES, DATA, DATA_BYTES);
            } catch (IOException | RuntimeException e) {
                return "recovery failed: " + e;
            }
            return check.violation(new Recovered(recovered.roots(), recovered.lower()));
        }

        @Override
        public void close() {
            memory.close();
            arena.close();
        }

    }

    private record Recovered(Roots roots, Lower truth) { }

    private interface Check {
        /** null if the recovered image is right. */
        String violation(Recovered image);
    }
}
