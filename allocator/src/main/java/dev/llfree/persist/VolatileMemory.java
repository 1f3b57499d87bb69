package dev.llfree.persist;

import dev.llfree.internal.Geometry;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Zeroed anonymous memory from a shared arena: nothing survives the process, nothing is flushed. */
public final class VolatileMemory implements Memory {
    private final Arena arena;
    private final MemorySegment segment;

    private VolatileMemory(long bytes) {
        this.arena = Arena.ofShared();
        this.segment = arena.allocate(bytes, Geometry.CACHE_LINE);
    }

    /** {@code bytes} of zeroed memory aligned to a cache line. */
    public static VolatileMemory allocate(long bytes) {
        return new VolatileMemory(bytes);
    }

    @Override
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public Durability durability() {
        return Durability.VOLATILE;
    }

    @Override
    public void flush(long offset, long length) {
        // Nothing to write back: volatile memory has no persistence domain.
    }

    @Override
    public void drain() {
        // Nothing to wait for.
    }

    @Override
    public void sync(long offset, long length) {
        // Nothing survives anyway.
    }

    @Override
    public void close() {
        arena.close();
    }
}
