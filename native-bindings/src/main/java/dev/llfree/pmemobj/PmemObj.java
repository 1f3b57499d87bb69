package dev.llfree.pmemobj;

import dev.llfree.pmemobj.gen.pmemoid;
import dev.llfree.pmemobj.gen.libpmemobj_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open libpmemobj pool (PMDK's persistent object store, the industry's persistent allocator) and the
 * only class that calls {@code libpmemobj_h}: NULL results become {@link PmemObjException}s carrying
 * {@code pmemobj_errormsg()}.
 *
 * <p>Objects are named by {@code PMEMoid}s ({@link #OID_BYTES} bytes: pool id and offset) that the caller
 * keeps in memory it owns; {@link #alloc} and {@link #free} take the address of such an oid, as
 * {@code pmemobj_alloc} and {@code pmemobj_free} do. Where the pool file is not persistent memory,
 * libpmemobj makes its metadata durable with {@code msync} unless the environment variable
 * {@code PMEM_IS_PMEM_FORCE=1} tells it to use cache-line flushes (see {@link #isPmemForced()}).
 *
 * <p>Thread safety: {@link #alloc}, {@link #free} and {@link #direct} may be called from any thread, as
 * libpmemobj allows; {@link #close()} must not race with them.
 */
public final class PmemObj implements AutoCloseable {
    /** The runtime library of Debian's {@code libpmemobj1}. */
    public static final String LIBRARY = "libpmemobj.so.1";
    /**
     * Size of a {@code PMEMoid} ({@code pmemoid.sizeof()}, written out so that this class initialises, and
     * {@link #isAvailable()} answers, without loading the library).
     */
    public static final long OID_BYTES = 16;
    /** The layout name of the pools this class creates and opens. */
    public static final String LAYOUT = "llfree-java";
    /** {@code PMEMOBJ_MAX_ALLOC_SIZE}: the largest single allocation. */
    public static final long MAX_ALLOC_BYTES = 0x3FFDFFFC0L;
    private static final int MODE = 0600;
    private static final String UNAVAILABLE = probe();

    private final Path path;
    private final MemorySegment pool;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PmemObj(Path path, MemorySegment pool) {
        this.path = path;
        this.pool = pool;
    }

    private static String probe() {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(LIBRARY, arena);
            return null;
        } catch (IllegalArgumentException e) {
            return LIBRARY + " cannot be loaded (" + e.getMessage() + "); install it with: apt-get install -y libpmemobj1";
        }
    }

    /**
     * Whether libpmemobj can be loaded.
     *
     * @return true when {@link #LIBRARY} can be loaded
     */
    public static boolean isAvailable() {
        return UNAVAILABLE == null;
    }

    /**
     * Why libpmemobj cannot be loaded, with the command that installs it.
     *
     * @return the reason, or {@code null} when libpmemobj can be loaded
     */
    public static String unavailableReason() {
        return UNAVAILABLE;
    }

    /**
     * Whether {@code PMEM_IS_PMEM_FORCE=1} is set, so libpmemobj flushes cache lines instead of calling msync.
     *
     * @return true when the environment variable is {@code 1}
     */
    public static boolean isPmemForced() {
        return "1".equals(System.getenv("PMEM_IS_PMEM_FORCE"));
    }

    /**
     * {@code PMEMOBJ_MIN_POOL}: the smallest pool.
     *
     * @return the size in bytes
     */
    public static long minPoolBytes() {
        return libpmemobj_h.PMEMOBJ_MIN_POOL();
    }

    /**
     * Creates a pool file of {@code bytes} bytes with {@code pmemobj_create}.
     *
     * @param path the file to create
     * @param bytes the pool size
     * @return the open pool
     * @throws PmemObjException if libpmemobj is absent or the pool cannot be created (for example when the
     *     file exists or {@code bytes} is below {@link #minPoolBytes()})
     */
    public static PmemObj create(Path path, long bytes) throws PmemObjException {
        requireAvailable();
        try (Arena local = Arena.ofConfined()) {
            MemorySegment pool = libpmemobj_h.pmemobj_create(local.allocateFrom(path.toString()),
                local.allocateFrom(LAYOUT), bytes, MODE);
            return new PmemObj(path, requirePool(pool, "pmemobj_create " + path));
        }
    }

    /**
     * Opens a pool file that {@link #create} made, with {@code pmemobj_open}.
     *
     * @param path the pool file
     * @return the open pool
     * @throws PmemObjException if libpmemobj is absent or the file is not such a pool
     */
    public static PmemObj open(Path path) throws PmemObjException {
        requireAvailable();
        try (Arena local = Arena.ofConfined()) {
            MemorySegment pool = libpmemobj_h.pmemobj_open(local.allocateFrom(path.toString()), local.allocateFrom(LAYOUT));
            return new PmemObj(path, requirePool(pool, "pmemobj_open " + path));
        }
    }

    private static void requireAvailable() throws PmemObjException {
        if (UNAVAILABLE != null) {
            throw new PmemObjException(UNAVAILABLE);
        }
    }

    private static MemorySegment requirePool(MemorySegment pool, String call) throws PmemObjException {
        if (pool.address() == 0) {
            throw new PmemObjException(call + ": " + errorMessage());
        }
        return pool;
    }

    /**
     * The pool file.
     *
     * @return the path this pool was created or opened with
     */
    public Path path() {
        return path;
    }

    /**
     * {@code pmemobj_alloc}: allocates {@code bytes} bytes and stores its oid at {@code oid} (atomically
     * with the allocation where {@code oid} lies in the pool).
     *
     * @param oid {@link #OID_BYTES} bytes
     * @param bytes the object size
     * @return false when the pool has no room for it (the oid is then unchanged)
     * @throws IllegalArgumentException if {@code bytes} is not in {@code 1..MAX_ALLOC_BYTES}, the only other
     *     reason libpmemobj refuses an allocation without a constructor
     */
    public boolean alloc(MemorySegment oid, long bytes) {
        if (bytes < 1 || bytes > MAX_ALLOC_BYTES) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: 1.." + MAX_ALLOC_BYTES + ")");
        }
        return libpmemobj_h.pmemobj_alloc(pool, oid, bytes, 0, MemorySegment.NULL, MemorySegment.NULL) == 0;
    }

    /**
     * {@code pmemobj_free}: frees the object named at {@code oid} and sets the oid to null (a null oid is ignored).
     *
     * @param oid {@link #OID_BYTES} bytes
     */
    public void free(MemorySegment oid) {
        libpmemobj_h.pmemobj_free(oid);
    }

    /**
     * {@code pmemobj_direct}: the object named at {@code oid}, as a segment of {@code bytes} bytes.
     *
     * @param oid {@link #OID_BYTES} bytes
     * @param bytes the length of the returned segment
     * @return the object's memory in the mapped pool
     * @throws IllegalArgumentException if the oid is null or names no object of an open pool
     */
    public MemorySegment direct(MemorySegment oid, long bytes) {
        MemorySegment address = libpmemobj_h.pmemobj_direct(oid);
        if (address.address() == 0) {
            throw new IllegalArgumentException("oid: " + describe(oid) + " names no object of an open pool");
        }
        return address.asSlice(0, bytes);
    }

    /**
     * Whether the oid at {@code oid} is {@code OID_NULL}.
     *
     * @param oid {@link #OID_BYTES} bytes
     * @return true when its offset is 0
     */
    public static boolean isNull(MemorySegment oid) {
        return pmemoid.off(oid) == 0;
    }

    /** {@code pmemobj_close}; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            libpmemobj_h.pmemobj_close(pool);
        }
    }

    /**
     * {@code pmemobj_errormsg()}: the last libpmemobj error of this thread.
     *
     * @return the message, or {@code "(no message)"}
     */
    public static String errorMessage() {
        MemorySegment message = libpmemobj_h.pmemobj_errormsg();
        return message.address() == 0 ? "(no message)" : message.getString(0);
    }

    private static String describe(MemorySegment oid) {
        return String.format("{pool 0x%x, off 0x%x}", pmemoid.pool_uuid_lo(oid), pmemoid.off(oid));
    }

    @Override
    public String toString() {
        return "PmemObj[" + path + "]";
    }
}
