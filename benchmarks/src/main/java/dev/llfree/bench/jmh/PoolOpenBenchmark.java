package dev.llfree.bench.jmh;

import dev.llfree.Durability;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;
import dev.llfree.pool.Pool;

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
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Opening a pool on tmpfs: after a crash (the clean flag is clear, so the open rebuilds every child
 * counter from the bitfields) and after a clean close (no scan). The pool is half allocated at random.
 * Each invocation opens; the teardown abandons the pool (the next open recovers again) or closes it
 * cleanly (the next open is clean), outside the measured time.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar PoolOpenBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PoolOpenBenchmark {
    /** Pool size in GiB of frames. */
    @Param({"1", "8", "16"})
    public int gib;

    /** Whether the pool was abandoned (crash) or closed cleanly before each open. */
    @Param({"crash", "clean"})
    public String before;

    /** Durability of the opens. */
    @Param({"pmem"})
    public String durability;

    private Path dir;
    private Path path;
    private PoolAllocator pool;

    /** Creates the pool, allocates half of its frames in random runs, and leaves it as {@link #before} says. */
    @Setup(Level.Trial)
    public void createHalfFull() throws IOException {
        dir = Files.createTempDirectory(Path.of("/dev/shm"), "llfree-open-");
        path = dir.resolve("pool");
        long frames = (long) gib << 18;
        try (PoolAllocator created = LLFree.pool(path).frames(frames).durability(Durability.MAPPED).cores(1).create()) {
            SplittableRandom random = new SplittableRandom(1);
            for (long held = 0; held < frames / 2; ) {
                int order = random.nextInt(4) == 0 ? 9 : random.nextInt(4);
                if (created.get(0, order, order == 9 ? Kind.HUGE : Kind.MOVABLE) >= 0) {
                    held += 1L << order;
                }
            }
        }
        if (before.equals("crash")) {
            ((Pool) LLFree.pool(path).durability(Durability.MAPPED).open()).abandon();
        }
    }

    /** Leaves the pool as the next open should find it. */
    @TearDown(Level.Invocation)
    public void release() throws IOException {
        if (before.equals("crash")) {
            ((Pool) pool).abandon();
        } else {
            pool.close();
        }
    }

    /** Opens the pool, recovering when it was abandoned; returns it so the teardown can release it. */
    @Benchmark
    public PoolAllocator open() throws IOException {
        pool = LLFree.pool(path).durability(Durability.parse(durability)).cores(2).open();
        return pool;
    }

    /** Deletes the pool. */
    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(path);
        Files.deleteIfExists(dir);
    }
}
