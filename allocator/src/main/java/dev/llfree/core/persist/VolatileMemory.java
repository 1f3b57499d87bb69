package dev.llfree.core.persist;

import dev.llfree.Durability;
import dev.llfree.core.Geometry;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Zeroed anonymous memory from a shared arena: nothing survives the process, nothing is flushed. */
public final class VolatileMemory implements Memory {
    private final Arena arena;
    private final MemorySegment segment;
    private final boolean collected;

    private VolatileMemory(Arena arena, boolean collected, long bytes) {
        this.arena = arena;
        this.collected = collected;
        this.segment = arena.allocate(bytes, Geometry.CACHE_LINE);
    }

    /** {@code bytes} of zeroed memory aligned to a cache line, released by {@link #close()}. */
    public static VolatileMemory allocate(long bytes) {
        return new VolatileMemory(Arena.ofShared(), false, bytes);
    }

    /**
     * {@code bytes} of zeroed memory aligned to a cache line, released by the garbage collector once
     * unreachable; {@link #close()} does nothing. For allocators made in large numbers (model checking).
     */
    public static VolatileMemory allocateCollected(long bytes) {
        return new VolatileMemory(Arena.ofAuto(), true, bytes);
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
    public Persistence persistence() {
        return Persistence.NONE; // nothing survives anyway
    }

    @Override
    public void close() {
        if (!collected) {
            arena.close();
        }
    }
}
