package dev.llfree.bench.jmh;

import dev.llfree.Durability;
import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.bench.AllocatorFactory;
import dev.llfree.bench.Allocators;
import dev.llfree.bench.FrameLoops;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One get and one put of a run of {@code 2^order} frames on a half-full allocator of 1 GiB, single-threaded
 * (core 0), per allocator: LLFree in each durability, the Linux buddy model and libpmemobj (run with
 * {@code PMEM_IS_PMEM_FORCE=1} in the environment so that it flushes as on persistent memory; the forks
 * inherit it). {@link #getPut()} is one pair; {@link #getPutBatch()} gets {@value #BATCH} runs with one
 * {@code getBatch} and puts them with one {@code putBatch}, reported per pair. {@code -prof gc} must report
 * 0 B/op for LLFree and the buddy model.
 *
 * <pre>PMEM_IS_PMEM_FORCE=1 java -jar benchmarks/target/benchmarks.jar GetPutBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GetPutBenchmark {
    /** Runs per batch of {@link #getPutBatch()}. */
    public static final int BATCH = 64;
    private static final long FRAMES = 262_144;
    private static final int CORE = 0;

    /** {@code llfree-<durability>}, {@code buddy} or {@code pmemobj}. */
    @Param({"llfree-volatile", "llfree-pmem", "llfree-eadr", "buddy", "pmemobj"})
    public String allocator;

    /** Order of the runs gotten and put. */
    @Param({"0", "9"})
    public int order;

    private AllocatorFactory factory;
    private FrameAllocator frames;
    private Kind kind;
    private long[] held;
    private final long[] batch = new long[BATCH];

    /** Builds the allocator and gets half of its frames. */
    @Setup(Level.Trial)
    public void fillHalf() throws IOException {
        String[] parts = allocator.split("-", 2);
        factory = Allocators.of(parts[0], parts.length == 2 ? Durability.parse(parts[1]) : Durability.VOLATILE);
        frames = factory.create(FRAMES, 1);
        kind = FrameLoops.kindFor(order);
        held = new long[(int) (FRAMES >>> order) / 2];
        FrameLoops.getAll(frames, CORE, order, kind, held);
    }

    /** Puts the held frames back, checks that the allocator is wholly free and consistent, and removes its pool. */
    @TearDown(Level.Trial)
    public void emptyAndCheck() throws IOException {
        FrameLoops.putAll(frames, CORE, order, held, false);
        if (frames.freeFrames() != FRAMES) {
            throw new IllegalStateException("not wholly free: " + frames.freeFrames() + " of " + FRAMES);
        }
        frames.validate();
        frames.close();
        factory.close();
    }

    /** Gets one run and puts it back; returns it so that nothing is optimised away. */
    @Benchmark
    public long getPut() {
        long frame = frames.getOrThrow(CORE, order, kind);
        frames.put(CORE, frame, order);
        return frame;
    }

    /** Gets {@value #BATCH} runs in one batch and puts them back in one batch; the time is per get+put pair. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long getPutBatch() {
        int got = frames.getBatch(CORE, order, kind, batch, 0, BATCH);
        if (got != BATCH) {
            throw new IllegalStateException("getBatch: " + got + " of " + BATCH + " runs");
        }
        frames.putBatch(CORE, order, batch, 0, BATCH);
        return batch[0];
    }
}
