package dev.llfree.bench.jmh;

import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.bench.FrameLoops;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One get and one put of a single run of {@code 2^order} frames on a half-full volatile allocator of
 * 1 GiB: the allocator's fast path. {@code -prof gc} must report 0 B/op. Single-threaded (core 0).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GetPutBenchmark {
    private static final long FRAMES = 262_144;
    private static final int CORE = 0;

    /** Order of the run gotten and put. */
    @Param({"0", "9"})
    public int order;

    private FrameAllocator allocator;
    private Kind kind;
    private long[] held;

    /** Builds the allocator and gets half of its frames. */
    @Setup(Level.Trial)
    public void fillHalf() {
        allocator = LLFree.volatileFrames(FRAMES).cores(1).build();
        kind = FrameLoops.kindFor(order);
        held = new long[(int) (FRAMES >>> order) / 2];
        FrameLoops.getAll(allocator, CORE, order, kind, held);
    }

    /** Puts the held frames back and checks that the allocator is wholly free and consistent. */
    @TearDown(Level.Trial)
    public void emptyAndCheck() {
        FrameLoops.putAll(allocator, CORE, order, held);
        if (allocator.freeFrames() != FRAMES) {
            throw new IllegalStateException("not wholly free: " + allocator.freeFrames() + " of " + FRAMES);
        }
        allocator.validate();
        allocator.close();
    }

    /** Gets one run and puts it back; returns it so that nothing is optimised away. */
    @Benchmark
    public long getPut() {
        long frame = allocator.getOrThrow(CORE, order, kind);
        allocator.put(CORE, frame, order);
        return frame;
    }
}
