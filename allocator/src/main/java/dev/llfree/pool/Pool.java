package dev.llfree.pool;

import dev.llfree.CorruptedAllocatorException;
import dev.llfree.Destination;
import dev.llfree.Durability;
import dev.llfree.FrameAllocator;
import dev.llfree.InvalidPoolException;
import dev.llfree.Kind;
import dev.llfree.PoolAllocator;
import dev.llfree.PoolView;
import dev.llfree.RecoveryReport;
import dev.llfree.TraceReport;
import dev.llfree.Tracer;
import dev.llfree.core.Checks;
import dev.llfree.core.lower.Lower;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.upper.LLFreeAllocator;
import dev.llfree.file.PoolFile;
import dev.llfree.file.PoolHeader;
import dev.llfree.file.PoolLayout;
import dev.llfree.file.Roots;
import dev.llfree.getto.GetTo;
import dev.llfree.recovery.Recovery;
import dev.llfree.recovery.Tracing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open pool: the {@link LLFreeAllocator} over the lower allocator in a {@link PoolFile}, with the roots, get-to
 * and tracing recovery. It extends the allocator rather than wrapping it: with a delegating layer on get and put,
 * an eadr pool's get+put pair cost 1.11x a volatile one's (JMH GetPutBenchmark, order 0, alternating), because
 * the JIT compiles the wrapper as a big method of its own and does not inline it; extended, the pair costs the
 * same. Everything else a pool has is a component: the file, the roots, get-to.
 *
 * <p>Create: the file ({@link PoolFile#create}), the lower allocator's initial state, then the magic, durably.
 * A crash before that leaves a file that does not open as a pool.
 * <p>Open: the file is checked and mapped ({@link PoolFile#open}); unless its {@link PoolFile#state state} is clean,
 * every child is checked and the counters are rebuilt from the bitfields; then the clean flag is cleared durably.
 * A pool whose metadata changed while it was closed is refused unless the caller accepts that.
 */
public final class Pool extends LLFreeAllocator implements PoolAllocator {
    private final PoolFile file;
    private final RecoveryReport recovery;
    private final MemorySegment data;
    private final Roots roots;
    private final GetTo getTo;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Pool(PoolFile file, Lower lower, int cores, RecoveryReport recovery) {
        super(file.memory(), lower, cores);
        PoolHeader header = file.header();
        this.file = file;
        this.recovery = recovery;
        this.data = header.hasData() ? file.memory().segment().asSlice(header.dataOffset(), header.dataBytes()) : null;
        this.roots = roots(file);
        this.getTo = new GetTo(file.memory(), this, roots);
    }

    private static Roots roots(PoolFile file) {
        return new Roots(file.memory(), file.header().dataOffset(), file.header().dataBytes());
    }

    /**
     * Creates a pool file of {@code frames} frames, every frame free, and opens it.
     *
     * @throws java.nio.file.FileAlreadyExistsException if the file exists (nothing is overwritten)
     */
    public static Pool create(Path path, long frames, boolean withData, Durability durability, int cores) throws IOException {
        Checks.frameCount(frames);
        Checks.cores(cores);
        PoolFile file = PoolFile.create(path, frames, withData, durability);
        try {
            Lower lower = new Lower(file.memory(), PoolLayout.bitfieldOffset(), frames);
            lower.initialize();
            file.publish();
            return new Pool(file, lower, cores, Recovery.clean(lower, 0));
        } catch (IOException | RuntimeException e) {
            file.close();
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /**
     * Opens an existing pool, rebuilding its counters when it was not closed cleanly.
     *
     * @throws InvalidPoolException if the file is not a valid pool (it is left unchanged)
     * @throws dev.llfree.PoolInUseException if another process has it open (it is left unchanged)
     */
    public static Pool open(Path path, Durability durability, int cores) throws IOException {
        return open(path, durability, cores, false, false);
    }

    /**
     * Opens an existing pool, rebuilding its counters when it was not closed cleanly or when {@code rebuild} asks
     * for it (a recount on demand).
     *
     * @param acceptCorruption whether a pool whose metadata changed while it was closed (media corruption: no crash
     *                         causes it) is rebuilt from its bitfields, which may themselves be wrong, rather than
     *                         refused
     * @throws InvalidPoolException if the file is not a valid pool, or changed while closed and
     *     {@code acceptCorruption} is false (it is left unchanged)
     * @throws dev.llfree.PoolInUseException if another process has it open (it is left unchanged)
     */
    public static Pool open(Path path, Durability durability, int cores, boolean rebuild, boolean acceptCorruption)
            throws IOException {
        Checks.cores(cores);
        PoolFile file = PoolFile.open(path, durability);
        try {
            long start = System.nanoTime();
            Lower lower = new Lower(file.memory(), PoolLayout.bitfieldOffset(), file.header().frames());
            PoolFile.State state = file.state();
            if (state == PoolFile.State.CHANGED_WHILE_CLOSED && !acceptCorruption) {
                throw new InvalidPoolException(path, "media corruption: the metadata changed while the pool was closed"
                    + " (it no longer matches the checksum of its clean close, which no crash causes); nothing was"
                    + " written. 'llfree verify --repair --accept-corruption' rebuilds it from its bitfields, whose"
                    + " state it cannot vouch for");
            }
            boolean clean = state == PoolFile.State.CLEAN;
            RecoveryReport report;
            if (clean && !rebuild) {
                report = Recovery.clean(lower, System.nanoTime() - start);
            } else {
                try {
                    report = Recovery.rebuildPool(lower, file.memory(), roots(file), clean);
                } catch (CorruptedAllocatorException e) {
                    throw new InvalidPoolException(path, "corrupt metadata: " + e.getMessage());
                }
            }
            file.markInUse();
            return new Pool(file, lower, cores, report);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * Releases the mapping and the lock without the clean close, leaving the file as a crash or kill
     * would: the next open runs recovery. For crash tests and tools; the allocator is unusable afterwards.
     */
    public void abandon() throws IOException {
        if (closed.compareAndSet(false, true)) {
            file.close();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            try {
                getTo.settle(); // nothing is in flight now: the runs of releasing put-froms are freed
                drain();
                lower().sync(PersistSite.CLOSE); // PERSIST: counters too, before the clean flag vouches for them
                file.markClean();
            } finally {
                file.close(); // a failed clean close still releases the mapping and the lock: the next open recovers
            }
        } catch (IOException e) {
            throw new UncheckedIOException("pool " + file.path() + ": close failed", e);
        }
    }

    @Override
    public Path path() {
        return file.path();
    }

    @Override
    public Durability durability() {
        return file.memory().durability();
    }

    @Override
    public RecoveryReport recovery() {
        return recovery;
    }

    @Override
    public boolean hasData() {
        return data != null;
    }

    @Override
    public MemorySegment frame(long frame, int order) {
        FrameAllocator.checkRun(frame, order, frames());
        if (data == null) {
            throw new IllegalStateException("pool " + file.path() + " has no data area (create it with a data area)");
        }
        return data.asSlice(frame * FRAME_SIZE, FRAME_SIZE << order);
    }

    @Override
    public long root(int index) {
        return roots.get(Destination.root(index));
    }

    @Override
    public void setRoot(int index, long value) {
        roots.set(Destination.root(index), value);
    }

    @Override
    public boolean compareAndSetRoot(int index, long expected, long value) {
        return roots.compareAndSet(Destination.root(index), expected, value);
    }

    @Override
    public long getTo(int core, Destination destination, int order, Kind kind) {
        return getTo.getTo(core, destination, order, kind);
    }

    @Override
    public long putFrom(int core, Destination destination, int order) {
        return getTo.putFrom(core, destination, order);
    }

    @Override
    public TraceReport recover(Tracer tracer) throws IOException {
        return Tracing.recover(this, view(), tracer);
    }

    /** What a tracer reads: roots and the data area, read-only. */
    private PoolView view() {
        return new PoolView() {
            @Override
            public long frames() {
                return Pool.this.frames();
            }

            @Override
            public long root(int index) {
                return Pool.this.root(index);
            }

            @Override
            public boolean hasData() {
                return data != null;
            }

            @Override
            public MemorySegment frame(long frame, int order) {
                return Pool.this.frame(frame, order).asReadOnly();
            }
        };
    }

    @Override
    public void sync() throws IOException {
        file.sync();
    }

    @Override
    public String toString() {
        return "Pool[" + file.path() + ", " + durability().label() + ", " + super.toString() + "]";
    }
}
