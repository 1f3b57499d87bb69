package dev.llfree.core.persist;

import dev.llfree.core.Geometry;
import java.io.IOException;

/**
 * How a store to an allocator's memory becomes durable: the one component every persist point calls
 * ({@code // PERSIST:} comments name them), chosen once per {@link Memory}.
 *
 * <ul>
 *   <li>{@link #flush} starts writing back one cache line (clwb/clflushopt), without ordering;</li>
 *   <li>{@link #drain} returns once this thread's earlier flushes are durable (sfence);</li>
 *   <li>{@link #sync} makes a whole range durable in the memory's own sense (flush and drain for pmem, msync
 *       for a mapped file, nothing for eADR and volatile memory).</li>
 * </ul>
 *
 * Memory that needs no per-operation write-back (volatile, eADR, a mapped file) uses {@link #NONE} or another
 * implementation whose flush and drain do nothing, so the hot path pays a call that inlines to nothing.
 * {@link DirtyLines} is the batch form: a flush per line changed, one drain at the end.
 */
public interface Persistence {
    /** Nothing to write back: volatile memory, and eADR platforms, where the caches are persistent. */
    Persistence NONE = new Persistence() {
        @Override
        public void flush(PersistSite site, long offset) {
            // the store is already as durable as it gets
        }

        @Override
        public void drain() {
            // nothing was flushed
        }

        @Override
        public void sync(PersistSite site, long offset, long length) {
            // nothing to write back
        }
    };

    /** Starts writing back the cache line that holds {@code offset}; no ordering (see {@link #drain}). */
    void flush(PersistSite site, long offset);

    /** Returns once every earlier {@link #flush} of this thread is durable. */
    void drain();

    /** Makes every store to {@code [offset, offset + length)} durable now. */
    void sync(PersistSite site, long offset, long length) throws IOException;

    /** {@link #flush} of the line at {@code offset}, then {@link #drain}: the common persist point. */
    default void persist(PersistSite site, long offset) {
        flush(site, offset);
        drain();
    }

    /** The first offset of the cache line holding {@code offset}. */
    static long lineOf(long offset) {
        return offset & -Geometry.CACHE_LINE;
    }
}
