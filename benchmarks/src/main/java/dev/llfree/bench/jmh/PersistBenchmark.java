package dev.llfree.bench.jmh;

import dev.llfree.pmem.Pmem;
import dev.llfree.pmem.PmemException;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

/**
 * The raw cost of persisting one cache line through libpmem ({@link Pmem#flush} + {@link Pmem#drain}, the
 * critical downcalls of a persistent get or put): after a store to it (dirty), without one (clean), and the
 * store alone for reference; and two dirty lines flushed before one drain, what a get or put would pay if it
 * recorded where each run starts in a second persistent line (the bitfield row has no room for it). Needs libpmem ({@code apt-get install -y libpmem1}).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar PersistBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PersistBenchmark {
    private static final long LINE = 64;

    private Arena arena;
    private MemorySegment line;
    private long address;
    private long value;

    /** One cache-line-aligned line of memory. */
    @Setup(Level.Trial)
    public void allocate() throws PmemException {
        Pmem.requireAvailable();
        arena = Arena.ofShared();
        line = arena.allocate(2 * LINE, LINE);
        address = line.address();
    }

    /** Frees the line. */
    @TearDown(Level.Trial)
    public void free() {
        arena.close();
    }

    /** A store to the line: the part of {@link #flushDrainDirty()} that is not persistence. */
    @Benchmark
    public long store() {
        line.set(ValueLayout.JAVA_LONG, 0, ++value);
        return value;
    }

    /** A store, then {@code pmem_flush} of the line and {@code pmem_drain}: one persisted change. */
    @Benchmark
    public long flushDrainDirty() {
        line.set(ValueLayout.JAVA_LONG, 0, ++value);
        Pmem.flush(address, LINE);
        Pmem.drain();
        return value;
    }

    /** A store to each of two lines, {@code pmem_flush} of both and one {@code pmem_drain}. */
    @Benchmark
    public long flushDrainTwoDirty() {
        line.set(ValueLayout.JAVA_LONG, 0, ++value);
        line.set(ValueLayout.JAVA_LONG, LINE, value);
        Pmem.flush(address, LINE);
        Pmem.flush(address + LINE, LINE);
        Pmem.drain();
        return value;
    }

    /** {@code pmem_flush} and {@code pmem_drain} of a line with nothing new to write back. */
    @Benchmark
    public void flushDrainClean() {
        Pmem.flush(address, LINE);
        Pmem.drain();
    }
}
