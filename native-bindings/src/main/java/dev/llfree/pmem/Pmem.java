package dev.llfree.pmem;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.llfree.pmem.gen.libpmem_h;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * Safe access to libpmem: the only class that turns its NULL and -1 results into exceptions
 * carrying {@code pmem_errormsg()}, and that makes mapped addresses into segments.
 *
 * <p>{@link #flush} and {@link #drain} are the hot path of persistent gets and puts: they take raw
 * addresses (no {@link MemorySegment} per call) and are {@link Linker.Option#critical(boolean) critical}
 * downcalls, measured ~160 ns for a dirty line (flush + drain) against ~200 ns for a plain downcall.
 * Everything that may block ({@code pmem_msync}, mapping) is a plain downcall.
 *
 * <p>When libpmem cannot be loaded, {@link #isAvailable()} is false and every other method throws
 * {@link PmemException} (or, for the hot-path calls, is never reached: backends check first).
 */
public final class Pmem {
    /** The runtime library of Debian's {@code libpmem1}. */
    public static final String LIBRARY = "libpmem.so.1";
    private static final String UNAVAILABLE = probe();

    private Pmem() { }

    private static String probe() {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(LIBRARY, arena);
            return null;
        } catch (IllegalArgumentException e) {
            return LIBRARY + " cannot be loaded (" + e.getMessage() + "); install it with: apt-get install -y libpmem1";
        }
    }

    /**
     * Whether libpmem can be loaded.
     *
     * @return true when {@link #LIBRARY} can be loaded
     */
    public static boolean isAvailable() {
        return UNAVAILABLE == null;
    }

    /**
     * Throws with the reason when libpmem cannot be loaded.
     *
     * @throws PmemException if libpmem cannot be loaded (the message says how to install it)
     */
    public static void requireAvailable() throws PmemException {
        if (UNAVAILABLE != null) {
            throw new PmemException(UNAVAILABLE);
        }
    }

    /**
     * Maps the whole existing file at {@code path} with {@code pmem_map_file}.
     *
     * @param path an existing file
     * @param arena closing it unmaps the file ({@code pmem_unmap})
     * @return the mapping, with whether libpmem found it to be persistent memory
     * @throws PmemException if libpmem cannot be loaded or the file cannot be mapped
     */
    public static PmemMapping map(Path path, Arena arena) throws PmemException {
        requireAvailable();
        try (Arena local = Arena.ofConfined()) {
            MemorySegment mappedLength = local.allocate(JAVA_LONG);
            MemorySegment isPmem = local.allocate(JAVA_INT);
            MemorySegment address = libpmem_h.pmem_map_file(local.allocateFrom(path.toString()), 0, 0, 0,
                mappedLength, isPmem);
            if (address.address() == 0) {
                throw new PmemException("pmem_map_file " + path + ": " + errorMessage());
            }
            long length = mappedLength.get(JAVA_LONG, 0);
            MemorySegment segment = address.reinterpret(length, arena, mapped -> libpmem_h.pmem_unmap(mapped, length));
            return new PmemMapping(segment, isPmem.get(JAVA_INT, 0) != 0);
        }
    }

    /**
     * {@code pmem_has_auto_flush()}: true on eADR platforms (~16 µs: call once at open).
     *
     * @return whether the platform flushes CPU caches on power loss
     * @throws PmemException if libpmem cannot be loaded
     */
    public static boolean hasAutoFlush() throws PmemException {
        requireAvailable();
        return libpmem_h.pmem_has_auto_flush() == 1;
    }

    /**
     * {@code pmem_is_pmem} over the segment.
     *
     * @param segment a mapped range
     * @return whether the whole range is persistent memory
     * @throws PmemException if libpmem cannot be loaded
     */
    public static boolean isPmem(MemorySegment segment) throws PmemException {
        requireAvailable();
        return libpmem_h.pmem_is_pmem(segment, segment.byteSize()) != 0;
    }

    /**
     * {@code pmem_msync}: flush through the kernel (for a non-pmem mapping).
     *
     * @param segment a mapped range
     * @throws PmemException if libpmem cannot be loaded or {@code pmem_msync} fails
     */
    public static void msync(MemorySegment segment) throws PmemException {
        requireAvailable();
        if (libpmem_h.pmem_msync(segment, segment.byteSize()) != 0) {
            throw new PmemException("pmem_msync: " + errorMessage());
        }
    }

    /**
     * {@code pmem_persist} of a range: flush and drain.
     *
     * @param range a mapped range
     */
    public static void persist(MemorySegment range) {
        libpmem_h.pmem_persist(range, range.byteSize());
    }

    /**
     * {@code pmem_flush}: write back the cache lines of {@code [address, address + length)}; no fence.
     *
     * @param address the first byte
     * @param length the number of bytes
     */
    public static void flush(long address, long length) {
        try {
            Critical.FLUSH.invokeExact(address, length);
        } catch (Throwable e) {
            throw new IllegalStateException("pmem_flush", e);
        }
    }

    /** {@code pmem_drain}: wait for every earlier flush to reach the persistence domain (sfence). */
    public static void drain() {
        try {
            Critical.DRAIN.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException("pmem_drain", e);
        }
    }

    /**
     * {@code pmem_errormsg()}: the last libpmem error of this thread.
     *
     * @return the message, or {@code "(no message)"}
     */
    public static String errorMessage() {
        MemorySegment message = libpmem_h.pmem_errormsg();
        return message.address() == 0 ? "(no message)" : message.getString(0);
    }

    /** Raw-address, critical downcalls; initialised on first use only, so a missing libpmem fails earlier, clearly. */
    private static final class Critical {
        static final MethodHandle FLUSH = Linker.nativeLinker().downcallHandle(libpmem_h.pmem_flush$address(),
            FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG), Linker.Option.critical(false));
        static final MethodHandle DRAIN = Linker.nativeLinker().downcallHandle(libpmem_h.pmem_drain$address(),
            FunctionDescriptor.ofVoid(), Linker.Option.critical(false));
    }
}
