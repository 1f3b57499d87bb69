package dev.llfree.core.upper;

import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.core.Geometry;
import dev.llfree.core.persist.VolatileMemory;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck in stress mode on the real, native-segment-backed allocator (JVM-NOTES.md: the model
 * checker does not see races inside native segment accesses, so it would prove nothing here).
 *
 * <p>A linearizability check compares results with a sequential specification, so every result must
 * be one a sequential allocator produces too. Frame numbers are not (they depend on reservations and
 * hints), so the operations return whether they succeeded:
 * <ul>
 *   <li>{@code getK(core, thread)}: get a run of order K; on success the Lincheck thread keeps it and
 *       the result is {@code true}; {@code false} means {@link FrameAllocator#NO_FRAME};</li>
 *   <li>{@code put(core, thread)}: put back the run this thread got last; {@code false} if it has none.</li>
 * </ul>
 * The specification ({@link Model}) is a first-fit allocator over a {@link BitSet}. Its first-fit
 * choices differ from the allocator's, so each scenario is sized so that success does not depend
 * on where runs were placed:
 * <ul>
 *   <li>{@link Roomy}: mixed orders 0, 1, 9 with more whole children than the scenario has operations:
 *       every get must succeed, however the runs were spread (a failure is a false out-of-memory);</li>
 *   <li>{@link Scarce}: order 0 only, 6 frames: get fails exactly when all 6 are taken, so the
 *       boundary between reservations, stealing and out-of-memory is checked;</li>
 *   <li>{@link ScarceHuge}: order 9 only, 3 whole children and a partial one: same, for huge frames.</li>
 * </ul>
 * Beyond the results, every operation checks that a run it got is not owned by another thread (an
 * exception is a result the specification never produces), and {@link Ops#checkQuiescent()}
 * ({@code @Validate}, after the scenario) runs {@code validate()} and compares {@code freeFrames()}
 * with the runs the threads hold.
 *
 * <p>Cores: the {@code core} parameter ranges over 0..3 on an allocator of 2 cores, so threads share
 * reservation slots (and the kinds of one tree's reservation differ between operations).
 *
 * <p>Size: {@code -Dlincheck.iterations} (default 30) scenarios of {@code -Dlincheck.invocations}
 * (default 2000) runs each, about 25 s for the class on 2 cores; {@code -Dlincheck.minimize=true}
 * shrinks a failing scenario first (minutes on 2 cores).
 */
class AllocatorLincheckTest {
    /** Threads of the parallel part, operations per thread, before and after it. */
    private static final int THREADS = 3;
    private static final int ACTORS = 4;
    private static final int BEFORE = 2;
    private static final int AFTER = 2;
    /** Lincheck thread ids: 0 is the init part, 1..THREADS the parallel part, THREADS + 1 the post part. */
    private static final int THREAD_IDS = THREADS + 2;
    private static final int ITERATIONS = Integer.getInteger("lincheck.iterations", 30);
    private static final int INVOCATIONS = Integer.getInteger("lincheck.invocations", 2000);
    /** Shrinking a failing scenario takes minutes on 2 cores; the scenarios are small anyway. */
    private static final boolean MINIMIZE = Boolean.getBoolean("lincheck.minimize");

    private static StressOptions options(Class<?> spec) {
        return new StressOptions()
            .iterations(ITERATIONS)
            .invocationsPerIteration(INVOCATIONS)
            .threads(THREADS)
            .actorsPerThread(ACTORS)
            .actorsBefore(BEFORE)
            .actorsAfter(AFTER)
            .minimizeFailedScenario(MINIMIZE)
            .sequentialSpecification(spec);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldBeLinearizableWhenMixedOrdersHaveRoom() {
        options(RoomyModel.class).check(Roomy.class);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldBeLinearizableWhenFramesRunOut() {
        options(ScarceModel.class).check(Scarce.class);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldBeLinearizableWhenHugeFramesRunOut() {
        options(ScarceHugeModel.class).check(ScarceHuge.class);
    }

    // ------------------------------------------------------------------------------------- scenarios

    /** One tree of 32 children plus a partial tree: more whole children than operations, so every get succeeds. */
    public static final class Roomy extends Ops {
        static final long FRAMES = Geometry.TREE_FRAMES + 3L * Geometry.CHILD_FRAMES + 77;

        public Roomy() {
            super(FRAMES);
        }

        @Operation
        public boolean get0(@Param(gen = IntGen.class, conf = "0:3") int core, @Param(gen = ThreadIdGen.class) int thread) {
            return get(core, thread, 0, Kind.MOVABLE);
        }

        @Operation
        public boolean get1(@Param(gen = IntGen.class, conf = "0:3") int core, @Param(gen = ThreadIdGen.class) int thread) {
            return get(core, thread, 1, Kind.FIXED);
        }

        @Operation
        public boolean get9(@Param(gen = IntGen.class, conf = "0:3") int core, @Param(gen = ThreadIdGen.class) int thread) {
            return get(core, thread, Geometry.CHILD_ORDER, Kind.HUGE);
        }

        @Operation
        public boolean put(@Param(gen = IntGen.class, conf = "0:3") int core, @Param(gen = ThreadIdGen.class) int thread) {
            return putLast(core, thread);
        }
    }

    /** Six frames (one partial child): the sixth get succeeds, the seventh fails, whichever core holds them. */
    public static final class Scarce extends Ops {
        static final long FRAMES = 6;

        public Scarce() {
            super(FRAMES);
        }

        @Operation
        public boolean get0(@Param(gen = IntGen.class, conf = "0:3") int core, @Param(gen = ThreadIdGen.class) int thread) {
            return get(core, thread, 0, Kind.of(core % Kind.COUNT));
        }

        @Operation
        public boolean put(@Param(gen = IntGen.class, conf = "0:3") int core, @Param(gen = ThreadIdGen.class) int thread) {
            return putLast(core, thread);
        }
    }

    /** Three whole children and a partial one that can never be huge. */
    public static final class ScarceHuge extends Ops {
        static final long FRAMES = 3L * Geometry.CHILD_FRAMES + 77;

        public ScarceHuge() {
            super(FRAMES);
        }

        @Operation
        public boolean get9(@Param(gen = IntGen.class, conf = "0:3") int core, @Param(gen = ThreadIdGen.class) int thread) {
            return get(core, thread, Geometry.CHILD_ORDER, core % 2 == 0 ? Kind.HUGE : Kind.MOVABLE);
        }

        @Operation
        public boolean put(@Param(gen = IntGen.class, conf = "0:3") int core, @Param(gen = ThreadIdGen.class) int thread) {
            return putLast(core, thread);
        }
    }

    public static final class RoomyModel extends Model {
        public RoomyModel() {
            super(Roomy.FRAMES);
        }

        public boolean get0(int core, int thread) {
            return get(thread, 0);
        }

        public boolean get1(int core, int thread) {
            return get(thread, 1);
        }

        public boolean get9(int core, int thread) {
            return get(thread, Geometry.CHILD_ORDER);
        }

        public boolean put(int core, int thread) {
            return putLast(thread);
        }
    }

    public static final class ScarceModel extends Model {
        public ScarceModel() {
            super(Scarce.FRAMES);
        }

        public boolean get0(int core, int thread) {
            return get(thread, 0);
        }

        public boolean put(int core, int thread) {
            return putLast(thread);
        }
    }

    public static final class ScarceHugeModel extends Model {
        public ScarceHugeModel() {
            super(ScarceHuge.FRAMES);
        }

        public boolean get9(int core, int thread) {
            return get(thread, Geometry.CHILD_ORDER);
        }

        public boolean put(int core, int thread) {
            return putLast(thread);
        }
    }

    // ------------------------------------------------------------------------------------- implementation side

    /**
     * The allocator under test (2 cores, native memory from an automatic arena, so the many
     * instances Lincheck creates need no close) and the runs each Lincheck thread holds.
     */
    public abstract static class Ops {
        private static final int CORES = 2;

        private final long frames;
        private final FrameAllocator alloc;
        /** Runs per Lincheck thread; only that thread touches its list, Lincheck orders the parts. */
        private final List<List<long[]>> held = new ArrayList<>();
        /** Frames owned by some thread, a bit per frame: catches a run handed to two threads. */
        private final AtomicLongArray owned;

        Ops(long frames) {
            this.frames = frames;
            this.alloc = LLFreeAllocator.create(VolatileMemory.allocateCollected(LLFreeAllocator.metadataBytes(frames)), 0, frames, CORES);
            this.owned = new AtomicLongArray(Math.toIntExact((frames + 63) >>> 6));
            for (int t = 0; t < THREAD_IDS; t++) {
                held.add(new ArrayList<>());
            }
        }

        final boolean get(int core, int thread, int order, Kind kind) {
            long frame = alloc.get(core, order, kind);
            if (frame == FrameAllocator.NO_FRAME) {
                return false;
            }
            if (frame < 0 || frame + (1L << order) > frames || (frame & ((1L << order) - 1)) != 0) {
                throw new IllegalStateException("get of order " + order + " returned frame " + frame);
            }
            for (long f = frame; f < frame + (1L << order); f++) {
                long bit = 1L << (f & 63);
                if ((owned.getAndAccumulate((int) (f >>> 6), bit, (a, b) -> a | b) & bit) != 0) {
                    throw new IllegalStateException("frame " + f + " handed out while owned (run " + frame + ", order " + order + ")");
                }
            }
            held.get(thread).add(new long[] {frame, order});
            return true;
        }

        final boolean putLast(int core, int thread) {
            List<long[]> mine = held.get(thread);
            if (mine.isEmpty()) {
                return false;
            }
            long[] run = mine.remove(mine.size() - 1);
            for (long f = run[0]; f < run[0] + (1L << run[1]); f++) {
                owned.getAndAccumulate((int) (f >>> 6), 1L << (f & 63), (a, b) -> a & ~b);
            }
            alloc.put(core, run[0], (int) run[1]);
            return true;
        }

        /** After the scenario: counters equal the bitfields, and the free frames are exactly those nobody holds. */
        @Validate
        public void checkQuiescent() {
            alloc.validate();
            long heldFrames = 0;
            for (List<long[]> mine : held) {
                for (long[] run : mine) {
                    heldFrames += 1L << run[1];
                }
            }
            if (alloc.freeFrames() != frames - heldFrames) {
                throw new IllegalStateException("freeFrames() = " + alloc.freeFrames() + ", expected " + (frames - heldFrames));
            }
        }
    }

    // ------------------------------------------------------------------------------------- specification

    /** Sequential specification: first-fit over a bitmap, and per thread the runs it holds. */
    public abstract static class Model {
        private final long frames;
        private final BitSet allocated = new BitSet();
        private final List<List<long[]>> held = new ArrayList<>();

        Model(long frames) {
            this.frames = frames;
            for (int t = 0; t < THREAD_IDS; t++) {
                held.add(new ArrayList<>());
            }
        }

        final boolean get(int thread, int order) {
            long n = 1L << order;
            for (long f = 0; f + n <= frames; f += n) {
                if (allocated.get((int) f, (int) (f + n)).isEmpty()) {
                    allocated.set((int) f, (int) (f + n));
                    held.get(thread).add(new long[] {f, order});
                    return true;
                }
            }
            return false;
        }

        final boolean putLast(int thread) {
            List<long[]> mine = held.get(thread);
            if (mine.isEmpty()) {
                return false;
            }
            long[] run = mine.remove(mine.size() - 1);
            allocated.clear((int) run[0], (int) (run[0] + (1L << run[1])));
            return true;
        }
    }
}
