package dev.llfree.persist;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * The memory an allocator keeps its metadata in: a segment plus how stores reach the persistence
 * domain. Offsets are relative to {@link #segment()}, which is cache-line aligned.
 */
public interface Memory extends AutoCloseable {
    /** The whole segment. */
    MemorySegment segment();

    /** What a completed store survives. */
    Durability durability();

    /**
     * Starts writing back the cache lines of {@code [offset, offset + length)} (clwb/clflushopt); no
     * ordering. Called only where {@link Durability#flushes()}, so a backend that does not flush keeps
     * this default, which does nothing.
     */
    default void flush(long offset, long length) {
    }

    /**
     * Returns once every earlier {@link #flush} of this thread is persistent (sfence). Like {@link #flush},
     * only a backend that flushes overrides this default, which does nothing.
     */
    default void drain() {
    }

    /**
     * Makes every store to {@code [offset, offset + length)} durable in this backend's sense: flush and
     * drain for PMEM, msync for MAPPED, nothing for EADR and VOLATILE.
     */
    void sync(long offset, long length) throws IOException;

    /** Releases the segment; the allocator using it must not be used afterwards. */
    @Override
    void close();
}
