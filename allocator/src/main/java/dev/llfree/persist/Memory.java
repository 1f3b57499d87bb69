package dev.llfree.persist;

import java.lang.foreign.MemorySegment;

/**
 * The memory an allocator keeps its metadata in: a segment and how it is released. Backends differ
 * in where the segment comes from (anonymous memory, a pool file) and, with persistence, in how a
 * store reaches the persistence domain.
 */
public interface Memory extends AutoCloseable {
    /** The whole segment; cache-line aligned. */
    MemorySegment segment();

    /** Releases the segment; the allocator using it must not be used afterwards. */
    @Override
    void close();
}
