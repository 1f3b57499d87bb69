package dev.llfree.persist;

import dev.llfree.internal.Geometry;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Zeroed anonymous memory from a shared arena: nothing survives the process. */
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
    public void close() {
        arena.close();
    }
}
