package dev.llfree.core.persist;

import dev.llfree.Durability;
import java.lang.foreign.MemorySegment;

/**
 * The memory an allocator keeps its metadata in: a segment and how stores to it become durable
 * ({@link #persistence()}). Offsets are relative to {@link #segment()}, which is cache-line aligned.
 */
public interface Memory extends AutoCloseable {
    /** The whole segment. */
    MemorySegment segment();

    /** What a completed store survives. */
    Durability durability();

    /** The persist points' component for this memory; the same object for the memory's life. */
    Persistence persistence();

    /** Releases the segment; the allocator using it must not be used afterwards. */
    @Override
    void close();
}
