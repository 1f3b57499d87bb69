package dev.llfree.persist;

import dev.llfree.CorruptedAllocatorException;
import dev.llfree.Destination;
import dev.llfree.InvalidPoolException;
import dev.llfree.Kind;
import dev.llfree.PoolAllocator;
import dev.llfree.PoolInUseException;
import dev.llfree.RecoveryReport;
import dev.llfree.internal.Checks;
import dev.llfree.lower.Lower;
import dev.llfree.lower.LowerLayout;
import dev.llfree.pmem.Pmem;
import dev.llfree.getto.GetTo;
import dev.llfree.getto.IntentRecovery;
import dev.llfree.recovery.PoolView;
import dev.llfree.recovery.Recovery;
import dev.llfree.recovery.TraceReport;
import dev.llfree.recovery.Tracer;
import dev.llfree.recovery.Tracing;
import dev.llfree.upper.LLFreeAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;

/**
 * An open pool file: an {@link LLFreeAllocator} over the lower allocator in the file (see {@link PoolLayout}),
 * with the lock and the mapping. It extends the allocator rather than wrapping it: a delegating layer on get
 * and put cost eadr pools ~2-3 ns per get+put pair (the JIT does not inline a wrapper that is already compiled
 * as a big method).
 *
 * <p>Create: size the file (sparse), map it, write the header without its magic and the lower
 * allocator's initial state, make them durable, then publish the magic and make it durable. A crash
 * before that leaves a file that does not open as a pool.
 * <p>Open: check the header through the channel before mapping or writing anything; map; lock; if the
 * clean flag is clear, or the metadata no longer matches the checksum the clean close stored, check
 * every child and rebuild the counters from the bitfields; clear the flag durably.
 * <p>The lock is taken after mapping because {@code pmem_map_file} opens and closes its own
 * descriptor, and closing any descriptor of a file drops this process's POSIX locks on it.
 */
public final class Pool extends LLFreeAllocator implements PoolAllocator {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final long IN_USE = 0;

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final Memory memory;
    private final PoolHeader header;
    private final RecoveryReport recovery;
    private final MemorySegment data;
    private final Roots roots;
    private final GetTo getTo;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Pool(Path path, FileChannel channel, FileLock lock, Memory memory, PoolHeader header, Lower lower,
                 int cores, RecoveryReport recovery) {
        super(memory, lower, cores);
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.memory = memory;
        this.header = header;
        this.recovery = recovery;
        this.data = header.hasData() ? memory.segment().asSlice(header.dataOffset(), header.dataBytes()) : null;
        this.roots = new Roots(memory, header.dataOffset(), header.dataBytes());
        this.getTo = new GetTo(memory, this, roots);
    }

    /**
     * Creates a pool file of {@code frames} frames, every frame free, and opens it.
     *
     * @throws java.nio.file.FileAlreadyExistsException if the file exists (nothing is overwritten)
     */
    public static Pool create(Path path, long frames, boolean withData, Durability durability, int cores) throws IOException {
        Checks.frameCount(frames);
        Checks.cores(cores);
        requireFileDurability(durability);
        PoolHeader header = PoolHeader.forNew(frames, withData, ThreadLocalRandom.current().nextLong());
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE); // fails on an existing file, which is then untouched
        try {
            channel.write(ByteBuffer.allocate(1), header.fileLength() - 1); // sized, sparse
            Memory memory = map(path, channel, header.fileLength(), durability);
            FileLock lock = lockOrClose(path, channel, memory);
            MemorySegment file = memory.segment();
            header.writeWithoutMagic(file);
            file.set(LONG, PoolLayout.CLEAN_OFFSET, IN_USE);
            file.asSlice(PoolLayout.ROOTS_OFFSET, PoolLayout.ROOTS * Long.BYTES).fill((byte) 0xFF); // NO_FRAME: empty
            Lower lower = new Lower(memory, PoolLayout.bitfieldOffset(), frames);
            lower.initialize();
            memory.persistence().sync(PersistSite.CREATE, 0, PoolLayout.metadataEnd(frames)); // PERSIST: everything but the magic
            PoolHeader.publish(file);
            memory.persistence().sync(PersistSite.CREATE, 0, Long.BYTES); // PERSIST: the magic, last: from now on the file is a pool
            return new Pool(path, channel, lock, memory, header, lower, cores, Recovery.clean(lower, 0));
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /**
     * Opens an existing pool, rebuilding its counters when it was not closed cleanly.
     *
     * @throws InvalidPoolException if the file is not a valid pool (it is left unchanged)
     * @throws PoolInUseException if another process has it open (it is left unchanged)
     */
    public static Pool open(Path path, Durability durability, int cores) throws IOException {
        return open(path, durability, cores, false);
    }

    /**
     * Opens an existing pool, rebuilding its counters when it was not closed cleanly or when
     * {@code rebuild} asks for it (to mend counters that a clean flag vouches for wrongly).
     *
     * @throws InvalidPoolException if the file is not a valid pool (it is left unchanged)
     * @throws PoolInUseException if another process has it open (it is left unchanged)
     */
    public static Pool open(Path path, Durability durability, int cores, boolean rebuild) throws IOException {
        Checks.cores(cores);
        if (Files.isDirectory(path)) {
            throw new InvalidPoolException(path, "is a directory, not a pool file");
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            PoolHeader header = PoolHeader.read(channel, path);
            Memory memory = map(path, channel, header.fileLength(), durability);
            FileLock lock = lockOrClose(path, channel, memory);
            try {
                return open(path, channel, lock, memory, header, cores, rebuild);
            } catch (IOException | RuntimeException e) {
                memory.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static Pool open(Path path, FileChannel channel, FileLock lock, Memory memory, PoolHeader header,
                             int cores, boolean rebuild) throws IOException {
        MemorySegment file = memory.segment();
        long start = System.nanoTime();
        Lower lower = new Lower(memory, PoolLayout.bitfieldOffset(), header.frames());
        boolean clean = file.get(LONG, PoolLayout.CLEAN_OFFSET) == PoolLayout.CLEAN
            && file.get(LONG, PoolLayout.METADATA_CRC_OFFSET) == metadataCrc(file, header.frames())
            && !IntentRecovery.any(memory);
        RecoveryReport report;
        if (clean && !rebuild) {
            report = Recovery.clean(lower, System.nanoTime() - start);
        } else {
            try {
                report = Recovery.rebuildPool(lower, memory,
                    new Roots(memory, header.dataOffset(), header.dataBytes()), clean);
            } catch (CorruptedAllocatorException e) {
                throw new InvalidPoolException(path, "corrupt metadata: " + e.getMessage());
            }
        }
        file.set(LONG, PoolLayout.CLEAN_OFFSET, IN_USE);
        memory.persistence().sync(PersistSite.OPEN, PoolLayout.CLEAN_OFFSET, Long.BYTES); // PERSIST: a crash from now on is detected at the next open
        Checks.cores(cores);
        return new Pool(path, channel, lock, memory, header, lower, cores, report);
    }

    /**
     * CRC32C of the fixed header fields and of the bitfields, child entries and giant bits: a clean open trusts the
     * counters only if it matches, so metadata damaged while the pool was closed, or read with another
     * geometry, is rebuilt (or refused) rather than trusted. The header's own CRC is left out: a CRC over
     * a message followed by its CRC is the same constant for every message.
     */
    static long metadataCrc(MemorySegment file, long frames) {
        CRC32C crc = new CRC32C();
        crc.update(file.asSlice(0, PoolLayout.CRC_OFFSET).asByteBuffer());
        crc.update(file.asSlice(PoolLayout.bitfieldOffset(), LowerLayout.bytes(frames)).asByteBuffer());
        return crc.getValue();
    }

    private static void requireFileDurability(Durability durability) {
        if (durability == Durability.VOLATILE) {
            throw new IllegalArgumentException("durability: volatile (expected: pmem, eadr, mapped or auto for a pool file)");
        }
    }

    /** Maps the file for {@code durability}; AUTO picks EADR, PMEM or MAPPED from what libpmem reports. */
    private static Memory map(Path path, FileChannel channel, long length, Durability durability) throws IOException {
        requireFileDurability(durability);
        if (durability == Durability.MAPPED || durability == Durability.AUTO && !Pmem.isAvailable()) {
            return MappedMemory.map(channel, length);
        }
        if (durability != Durability.AUTO) {
            return PmemMemory.map(path, durability);
        }
        PmemMemory probe = PmemMemory.map(path, Durability.PMEM);
        Durability picked = Durability.resolve(true, Pmem.hasAutoFlush(), probe.isPmem());
        if (picked == Durability.PMEM) {
            return probe;
        }
        probe.close();
        return picked == Durability.EADR ? PmemMemory.map(path, picked) : MappedMemory.map(channel, length);
    }

    private static FileLock lockOrClose(Path path, FileChannel channel, Memory memory) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            memory.close();
            throw new PoolInUseException(path);
        }
        return lock;
    }

    /**
     * Releases the mapping and the lock without the clean close, leaving the file as a crash or kill
     * would: the next open runs recovery. For crash tests and tools; the allocator is unusable afterwards.
     */
    public void abandon() throws IOException {
        if (closed.compareAndSet(false, true)) {
            memory.close();
            lock.release();
            channel.close();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            getTo.settle(); // nothing is in flight now: the runs of releasing put-froms are freed
            drain();
            lower().sync(PersistSite.CLOSE); // PERSIST: counters too
            MemorySegment file = memory.segment();
            file.set(LONG, PoolLayout.METADATA_CRC_OFFSET, metadataCrc(file, header.frames()));
            file.set(LONG, PoolLayout.CLEAN_OFFSET, PoolLayout.CLEAN);
            // PERSIST: checksum and clean flag share a line, after everything they vouch for. A crash
            // that keeps the flag without the checksum only causes a recovery at the next open.
            memory.persistence().sync(PersistSite.CLOSE, PoolLayout.CLEAN_OFFSET, 2 * Long.BYTES);
            memory.close();
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("pool " + path + ": close failed", e);
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public Durability durability() {
        return memory.durability();
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
        Checks.frame(frame, order, header.frames());
        if (data == null) {
            throw new IllegalStateException("pool " + path + " has no data area (create it with a data area)");
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
                return header.frames();
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
        memory.persistence().sync(PersistSite.CLOSE, 0, PoolLayout.metadataEnd(header.frames()));
    }

    @Override
    public String toString() {
        return "Pool[" + path + ", " + durability().label() + ", " + super.toString() + "]";
    }
}
