package dev.llfree.file;

import dev.llfree.Durability;
import dev.llfree.InvalidPoolException;
import dev.llfree.PoolInUseException;
import dev.llfree.core.Geometry;
import dev.llfree.core.persist.MappedMemory;
import dev.llfree.core.persist.Memory;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.persist.Persistence;
import dev.llfree.core.persist.PmemMemory;
import dev.llfree.core.words.LowerLayout;
import dev.llfree.pmem.Pmem;
import java.io.IOException;
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
import java.util.zip.CRC32C;

/**
 * A pool file, open: its channel, this process's lock on it, its mapping and its checked header, and the
 * transitions between "in use" and "closed cleanly" ({@link PoolLayout}). The pool, the inspector and verify open
 * it through here, so the rule that decides whether the counters can be trusted exists once ({@link #state}).
 *
 * <ul>
 *   <li>{@link #create}: a new file, sized (sparse), mapped and locked; the header is written without its magic,
 *       and the roots empty. The caller initialises the lower allocator, then {@link #publish}es the magic.</li>
 *   <li>{@link #open}: read-write under the exclusive lock. The header is read and checked through the channel
 *       before anything is mapped or written; a refused file is unchanged.</li>
 *   <li>{@link #openReadOnly}: under the shared lock (an open pool holds the exclusive one, so each keeps the
 *       other out), mapped read-only: a store to it throws, so nothing can change the file.</li>
 * </ul>
 *
 * <p>A second open of a file this process has open is refused before a descriptor is opened ({@link OpenPools}).
 * The lock is taken after mapping because {@code pmem_map_file} opens and closes its own descriptor, and closing any
 * descriptor of a file drops this process's POSIX locks on it.
 *
 * <p>Thread safety: the state transitions ({@link #markInUse}, {@link #markClean}, {@link #close}) must not race
 * with each other; reads may run concurrently.
 */
public final class PoolFile implements AutoCloseable {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final System.Logger LOG = System.getLogger("dev.llfree");
    /** The clean flag's value while the pool is open (any value but {@link PoolLayout#CLEAN} means "not clean"). */
    private static final long IN_USE = 0;
    /** The metadata checksum reads at most this much at once (a ByteBuffer holds less than 2 GiB). */
    private static final long CRC_CHUNK = 1L << 30;

    private final Path path;
    private final OpenPools.Registration registration;
    private final FileChannel channel;
    private final FileLock lock;
    private final Memory memory;
    private final PoolHeader header;

    private PoolFile(Path path, OpenPools.Registration registration, FileChannel channel, FileLock lock, Memory memory,
                     PoolHeader header) {
        this.path = path;
        this.registration = registration;
        this.channel = channel;
        this.lock = lock;
        this.memory = memory;
        this.header = header;
    }

    /**
     * Creates the file of a pool of {@code frames} frames: sized, mapped, locked, the header written without its
     * magic, the clean flag clear and the roots empty. The file does not open as a pool until {@link #publish}.
     *
     * @throws java.nio.file.FileAlreadyExistsException if the file exists (it is not touched)
     */
    public static PoolFile create(Path path, long frames, boolean data, Durability durability) throws IOException {
        requireFileDurability(durability);
        long length = PoolLayout.fileLength(frames, data);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE); // fails on an existing file, which is then untouched
        OpenPools.Registration registration = null;
        try {
            registration = OpenPools.register(path);
            channel.write(ByteBuffer.allocate(1), length - 1); // sized, sparse
            Memory memory = map(path, channel, length, durability);
            PoolHeader header = PoolHeader.forNew(frames, data, ThreadLocalRandom.current().nextLong(), memory.durability());
            PoolFile file = new PoolFile(path, registration, channel, lockOrClose(path, channel, memory, false), memory,
                header);
            MemorySegment segment = memory.segment();
            header.writeWithoutMagic(segment);
            segment.set(LONG, PoolLayout.CLEAN_OFFSET, IN_USE);
            segment.asSlice(PoolLayout.ROOTS_OFFSET, PoolLayout.ROOTS * Long.BYTES).fill((byte) 0xFF); // NO_FRAME: empty
            return file;
        } catch (IOException | RuntimeException e) {
            if (registration != null) {
                registration.close();
            }
            channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /**
     * Opens an existing pool file read-write under its exclusive lock; nothing is written. {@link Durability#AUTO}
     * opens it with the durability recorded at create (where the file records one).
     *
     * @throws InvalidPoolException if the file is not a valid pool (it is left unchanged)
     * @throws PoolInUseException if another process, or this one, has it open (it is left unchanged)
     */
    public static PoolFile open(Path path, Durability durability) throws IOException {
        requireFileDurability(durability);
        return open(path, Access.READ_WRITE, durability);
    }

    /**
     * Opens an existing pool file read-only under its shared lock: nothing can change a byte of it.
     *
     * @throws InvalidPoolException if the file is not a valid pool
     * @throws PoolInUseException if another process, or this one, has it open
     */
    public static PoolFile openReadOnly(Path path) throws IOException {
        return open(path, Access.READ_ONLY, Durability.MAPPED);
    }

    /**
     * Opens a pool file read-only without any lock, so a pool another process has open can be watched: nothing can
     * change a byte of it, and its owner is never blocked. Every metadata word is updated atomically, so each word
     * read is one the owner wrote; the words together are a moving snapshot, and the clean flag is clear while the
     * owner runs.
     *
     * @throws InvalidPoolException if the file is not a valid pool
     * @throws PoolInUseException if this process has it open
     */
    public static PoolFile openLive(Path path) throws IOException {
        return open(path, Access.LIVE, Durability.MAPPED);
    }

    /** How a pool file is opened: read-write under the exclusive lock, read-only under the shared one, or unlocked. */
    private enum Access {
        READ_WRITE, READ_ONLY, LIVE
    }

    private static PoolFile open(Path path, Access access, Durability durability) throws IOException {
        boolean readOnly = access != Access.READ_WRITE;
        if (Files.isDirectory(path)) {
            throw new InvalidPoolException(path, "is a directory, not a pool file");
        }
        OpenPools.Registration registration = OpenPools.register(path);
        FileChannel channel = null;
        try {
            channel = readOnly ? FileChannel.open(path, StandardOpenOption.READ)
                : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = access == Access.READ_ONLY ? lockOrClose(path, channel, null, true) : null;
            PoolHeader header = PoolHeader.read(channel, path);
            Durability chosen = durability == Durability.AUTO ? header.durability() : durability;
            Memory memory = readOnly ? MappedMemory.mapReadOnly(channel, PoolLayout.metadataEnd(header.frames()))
                : map(path, channel, header.fileLength(), chosen);
            return new PoolFile(path, registration, channel,
                access == Access.READ_WRITE ? lockOrClose(path, channel, memory, false) : lock, memory, header);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close(); // releases a shared lock too
            }
            registration.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public PoolHeader header() {
        return header;
    }

    /** The mapped file; for a read-only file, only the metadata is mapped. */
    public Memory memory() {
        return memory;
    }

    /** The file's length in bytes. */
    public long size() throws IOException {
        return channel.size();
    }

    /** Whether the clean flag is set: a clean close set it, and no open has cleared it since. */
    public boolean cleanFlag() {
        return memory.segment().get(LONG, PoolLayout.CLEAN_OFFSET) == PoolLayout.CLEAN;
    }

    /** What an open finds: whether it can trust the counters. */
    public enum State {
        /** Closed cleanly, the metadata as the clean close left it: the counters are trusted. */
        CLEAN,
        /** Open when it crashed or was killed, or an intent was left: recovery rebuilds the counters. */
        CRASHED,
        /**
         * The clean flag is set but the metadata no longer matches the checksum the clean close stored: it changed
         * while the pool was closed (media corruption, or a write from outside), which no crash can cause. The bits
         * themselves may be wrong, so no recount can vouch for them.
         */
        CHANGED_WHILE_CLOSED
    }

    /**
     * The rule: {@link State#CLEAN} when the clean flag is set, the metadata still matches the checksum the clean
     * close stored, and no intent slot is in use (a slot a clean close could not settle).
     */
    public State state() {
        if (!cleanFlag()) {
            return State.CRASHED;
        }
        if (memory.segment().get(LONG, PoolLayout.METADATA_CRC_OFFSET) != metadataCrc()) {
            return State.CHANGED_WHILE_CLOSED;
        }
        return intentInUse() ? State.CRASHED : State.CLEAN;
    }

    /** Whether an intent slot's state word is not free (zero). */
    private boolean intentInUse() {
        for (int i = 0; i < PoolLayout.INTENTS; i++) {
            if (memory.segment().get(LONG, PoolLayout.intentOffset(i)) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * CRC32C of the fixed header fields and of the bitfields, child entries and giant bits, read in chunks of at
     * most 1 GiB: a clean open trusts the counters only if it matches, so metadata damaged while the pool was
     * closed, or read with another geometry, is not trusted. The header's own CRC is left out: a CRC over a
     * message followed by its CRC is the same constant for every message.
     */
    public long metadataCrc() {
        return metadataCrc(memory.segment(), header.frames());
    }

    /** {@link #metadataCrc()} of a pool of {@code frames} frames whose file is {@code file}. */
    static long metadataCrc(MemorySegment file, long frames) {
        CRC32C crc = new CRC32C();
        crc.update(file.asSlice(0, PoolLayout.CRC_OFFSET).asByteBuffer());
        long end = PoolLayout.metadataEnd(frames);
        for (long at = PoolLayout.bitfieldOffset(); at < end; at += CRC_CHUNK) {
            crc.update(file.asSlice(at, Math.min(CRC_CHUNK, end - at)).asByteBuffer());
        }
        return crc.getValue();
    }

    /** Publishes the magic of a new file and makes everything durable: from now on the file opens as a pool. */
    public void publish() throws IOException {
        Persistence persistence = memory.persistence();
        persistence.sync(PersistSite.CREATE, 0, PoolLayout.metadataEnd(header.frames())); // PERSIST: all but the magic
        PoolHeader.publish(memory.segment());
        persistence.sync(PersistSite.CREATE, 0, Long.BYTES); // PERSIST: the magic, last
    }

    /** Clears the clean flag durably: a crash from now on is detected at the next open. */
    public void markInUse() throws IOException {
        memory.segment().set(LONG, PoolLayout.CLEAN_OFFSET, IN_USE);
        memory.persistence().sync(PersistSite.OPEN, PoolLayout.CLEAN_OFFSET, Long.BYTES); // PERSIST: before any change
    }

    /**
     * The clean close's last step, after every counter is durable: stores the metadata checksum and sets the clean
     * flag (one line), durably.
     */
    public void markClean() throws IOException {
        MemorySegment file = memory.segment();
        file.set(LONG, PoolLayout.METADATA_CRC_OFFSET, metadataCrc());
        file.set(LONG, PoolLayout.CLEAN_OFFSET, PoolLayout.CLEAN);
        // PERSIST: checksum and clean flag share a line, after everything they vouch for. A crash that keeps the flag
        // without the checksum only causes a recovery at the next open.
        memory.persistence().sync(PersistSite.CLOSE, PoolLayout.CLEAN_OFFSET, 2 * Long.BYTES);
    }

    /** Makes every metadata store durable now (msync for a mapped file). */
    public void sync() throws IOException {
        memory.persistence().sync(PersistSite.CLOSE, 0, PoolLayout.metadataEnd(header.frames()));
    }

    /** Unmaps the file, releases the lock, closes the channel: the pool is left as it is (clean or not). */
    @Override
    public void close() throws IOException {
        try {
            memory.close();
            if (lock != null) {
                lock.release(); // a live view holds none
            }
            channel.close();
        } finally {
            registration.close();
        }
    }

    private static void requireFileDurability(Durability durability) {
        if (durability == Durability.VOLATILE) {
            throw new IllegalArgumentException("durability: volatile (expected: pmem, eadr, mapped or auto for a pool file)");
        }
    }

    /** Maps the file for {@code durability}; AUTO picks EADR, PMEM or MAPPED from what libpmem reports. */
    private static Memory map(Path path, FileChannel channel, long length, Durability durability) throws IOException {
        if (durability == Durability.MAPPED || durability == Durability.AUTO && !Pmem.isAvailable()) {
            return MappedMemory.map(channel, length);
        }
        if (durability != Durability.AUTO) {
            PmemMemory memory = PmemMemory.map(path, durability);
            warnUnlessPersistent(path, memory);
            return memory;
        }
        PmemMemory probe = PmemMemory.map(path, Durability.PMEM);
        Durability picked = Pmem.hasAutoFlush() ? Durability.EADR : probe.isPmem() ? Durability.PMEM : Durability.MAPPED;
        if (picked == Durability.PMEM) {
            return probe;
        }
        probe.close();
        return picked == Durability.EADR ? PmemMemory.map(path, picked) : MappedMemory.map(channel, length);
    }

    /**
     * Logs a warning (logger {@code dev.llfree}) when PMEM or EADR durability was asked for a file that is neither
     * persistent memory (as libpmem reports it) nor on tmpfs, the emulation benchmarks use: there a flush makes
     * nothing durable across a power loss, and only the page cache keeps the stores.
     */
    private static void warnUnlessPersistent(Path path, PmemMemory memory) throws IOException {
        String store = Files.getFileStore(path).type();
        if (!memory.isPmem() && !store.equals("tmpfs")) {
            LOG.log(System.Logger.Level.WARNING, "pool " + path + ": durability " + memory.durability().label()
                + " on a file that is not persistent memory (file system " + store + "): a power loss can lose what"
                + " it promises to keep; 'mapped' (msync at close) or 'auto' is what this file can give");
        }
    }

    /**
     * Takes the exclusive (or {@code shared}) lock of the whole file; on failure closes {@code memory} (if any)
     * and reports the pool in use.
     */
    private static FileLock lockOrClose(Path path, FileChannel channel, Memory memory, boolean shared) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            if (memory != null) {
                memory.close();
            }
            throw new PoolInUseException(path);
        }
        return lock;
    }

    @Override
    public String toString() {
        return path + " (" + memory.durability().label() + ", " + header.frames() + " frames, "
            + Geometry.trees(header.frames()) + " trees, " + LowerLayout.bytes(header.frames()) + " bytes of metadata)";
    }
}
