package dev.llfree.core.persist;

import dev.llfree.Durability;
import dev.llfree.core.Geometry;
import dev.llfree.pmem.Pmem;
import dev.llfree.pmem.PmemException;
import dev.llfree.pmem.PmemMapping;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * A file mapped with libpmem's {@code pmem_map_file}, for {@link Durability#PMEM} (each changed line
 * is written back with {@code pmem_flush} and ordered with {@code pmem_drain}) and
 * {@link Durability#EADR} (nothing is written back: the caches are in the persistence domain).
 */
public final class PmemMemory implements Memory, WriteBack {
    private final Arena arena;
    private final MemorySegment segment;
    private final long address;
    private final Durability durability;
    private final boolean isPmem;
    private final Persistence persistence;

    private PmemMemory(Arena arena, PmemMapping mapping, Durability durability) {
        this.arena = arena;
        this.segment = mapping.segment();
        this.address = segment.address();
        this.durability = durability;
        this.isPmem = mapping.isPmem();
        this.persistence = durability == Durability.PMEM ? Persistence.perOperation(this) : Persistence.NONE;
    }

    /** Maps the whole file at {@code path}; {@code durability} is PMEM or EADR. */
    public static PmemMemory map(Path path, Durability durability) throws PmemException {
        if (durability != Durability.PMEM && durability != Durability.EADR) {
            throw new IllegalArgumentException("durability: " + durability + " (expected: PMEM or EADR)");
        }
        Arena arena = Arena.ofShared();
        try {
            return new PmemMemory(arena, Pmem.map(path, arena), durability);
        } catch (PmemException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Whether libpmem reported the mapping as persistent memory. */
    public boolean isPmem() {
        return isPmem;
    }

    @Override
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public Durability durability() {
        return durability;
    }

    /** PMEM: this mapping, which writes back each changed line; EADR: nothing to write back. */
    @Override
    public Persistence persistence() {
        return persistence;
    }

    @Override
    public void flush(PersistSite site, long line) {
        Pmem.flush(address + line, Geometry.CACHE_LINE);
    }

    @Override
    public void drain() {
        Pmem.drain();
    }

    @Override
    public void sync(PersistSite site, long offset, long length) {
        Pmem.persist(segment.asSlice(offset, length));
    }

    @Override
    public void close() {
        arena.close();
    }
}
