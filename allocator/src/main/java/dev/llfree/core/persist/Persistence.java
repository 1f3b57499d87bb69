package dev.llfree.core.persist;

import dev.llfree.core.Geometry;
import java.io.IOException;

/**
 * How a store to an allocator's memory becomes durable: the one component every persist point calls
 * ({@code // PERSIST:} comments name them), by {@link PersistSite}, chosen once per {@link Memory}.
 *
 * <ul>
 *   <li>{@link #flush} starts writing back one cache line (clwb/clflushopt), without ordering;</li>
 *   <li>{@link #drain} returns once this thread's earlier flushes are durable (sfence);</li>
 *   <li>{@link #sync} makes a whole range durable in the memory's own sense (flush and drain for pmem, msync
 *       for a mapped file, nothing for eADR and volatile memory).</li>
 * </ul>
 *
 * A final class, so every call is monomorphic: memory that needs no per-operation write-back (volatile, eADR, a
 * mapped file) has {@code perOperation} false, and {@link #flush} and {@link #drain} cost one predicted branch.
 * {@link DirtyLines} is the batch form: a flush per line changed, one drain at the end.
 */
public final class Persistence {
    /** Nothing to write back: volatile memory, and eADR platforms, where the caches are persistent. */
    public static final Persistence NONE = new Persistence(null, null);

    private final WriteBack writeBack;
    private final RangeSync sync;
    private final boolean perOperation;

    private Persistence(WriteBack writeBack, RangeSync sync) {
        this.writeBack = writeBack;
        this.sync = sync;
        this.perOperation = writeBack != null;
    }

    /** Every get and put writes its lines back through {@code writeBack} and drains (pmem). */
    public static Persistence perOperation(WriteBack writeBack) {
        return new Persistence(writeBack, writeBack);
    }

    /** Only {@link #sync} writes back, through {@code sync} (a mapped file: msync at sync and close). */
    public static Persistence atSync(RangeSync sync) {
        return new Persistence(null, sync);
    }

    /** Makes a range durable: what a sync of the memory does. */
    @FunctionalInterface
    public interface RangeSync {
        /** Makes every store to {@code [offset, offset + length)} durable now. */
        void sync(PersistSite site, long offset, long length) throws IOException;
    }

    /** Starts writing back the cache line that holds {@code offset}; no ordering (see {@link #drain}). */
    public void flush(PersistSite site, long offset) {
        if (perOperation) {
            writeBack.flush(site, lineOf(offset));
        }
    }

    /** Returns once every earlier {@link #flush} of this thread is durable. */
    public void drain() {
        if (perOperation) {
            writeBack.drain();
        }
    }

    /** {@link #flush} of the line at {@code offset}, then {@link #drain}: the common persist point. */
    public void persist(PersistSite site, long offset) {
        if (perOperation) {
            writeBack.flush(site, lineOf(offset));
            writeBack.drain();
        }
    }

    /** Makes every store to {@code [offset, offset + length)} durable now. */
    public void sync(PersistSite site, long offset, long length) throws IOException {
        if (sync != null) {
            sync.sync(site, offset, length);
        }
    }

    /** The first offset of the cache line holding {@code offset}. */
    public static long lineOf(long offset) {
        return offset & -Geometry.CACHE_LINE;
    }
}
