package dev.llfree.bench.jmh;

import dev.llfree.Destination;
import dev.llfree.Durability;
import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;

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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The price of leak-freedom: a get-to (the frame published into a root slot, no crash can leak it) and its
 * put-from, against a plain get and put, one order-0 frame at a time on a 1 GiB pool with a data area on
 * tmpfs ({@code /dev/shm}), half full. Needs libpmem for {@code pmem} and {@code eadr}.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar GetToBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GetToBenchmark {
    private static final long FRAMES = 1L << 18;
    private static final int CORE = 0;
    private static final Destination ROOT = Destination.root(0);

    @Param({"pmem", "eadr"})
    private String durability;

    private Path dir;
    private PoolAllocator pool;
    private long[] held;

    /** Creates the pool and gets half of its frames. */
    @Setup(Level.Trial)
    public void createHalfFull() throws IOException {
        dir = Files.createTempDirectory(Path.of("/dev/shm"), "llfree-getto-");
        pool = LLFree.pool(dir.resolve("pool")).frames(FRAMES).data(true).durability(Durability.parse(durability))
            .cores(1).create();
        held = new long[(int) FRAMES / 2];
        for (int i = 0; i < held.length; i++) {
            held[i] = pool.getOrThrow(CORE, 0, Kind.MOVABLE);
        }
    }

    /** Puts the held frames back, checks the pool and removes it. */
    @TearDown(Level.Trial)
    public void emptyAndRemove() throws IOException {
        for (long frame : held) {
            pool.put(CORE, frame, 0);
        }
        if (pool.freeFrames() != FRAMES) {
            throw new IllegalStateException("not wholly free: " + pool.freeFrames() + " of " + FRAMES);
        }
        pool.validate();
        pool.close();
        Files.delete(dir.resolve("pool"));
        Files.delete(dir);
    }

    /** A plain get and put of one frame: its returned frame is allocated, yet a crash before the caller stores it leaks it. */
    @Benchmark
    public long getPut() {
        long frame = pool.getOrThrow(CORE, 0, Kind.MOVABLE);
        pool.put(CORE, frame, 0);
        return frame;
    }

    /** get-to into root slot 0, then put-from it: no crash leaks the frame or leaves the root naming a free one. */
    @Benchmark
    public long getToPutFrom() {
        long frame = pool.getTo(CORE, ROOT, 0, Kind.MOVABLE);
        if (frame == FrameAllocator.NO_FRAME) {
            throw new IllegalStateException("get-to found no frame");
        }
        pool.putFrom(CORE, ROOT, 0);
        return frame;
    }
}
