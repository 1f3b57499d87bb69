package dev.llfree.core.persist;

/**
 * How a memory writes single lines back to its persistence domain; {@link Persistence} decides when. Implemented
 * by the libpmem mapping (clwb/clflushopt and sfence) and by the tests' simulated and counting memories.
 */
public interface WriteBack extends Persistence.RangeSync {
    /** Starts writing back the cache line at {@code line} (line-aligned); no ordering. */
    void flush(PersistSite site, long line);

    /** Returns once every earlier {@link #flush} of this thread is durable. */
    void drain();
}
