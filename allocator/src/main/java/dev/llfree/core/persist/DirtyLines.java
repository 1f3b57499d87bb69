package dev.llfree.core.persist;

/**
 * The batch form of a persist point: each line is flushed once, after its last change in the batch (a flush
 * copies the line as it is at that moment), and {@link #drain} makes them all durable with one fence. Lines
 * must be touched in runs: a line touched again after another one is flushed twice. One per batch; not
 * thread-safe.
 */
public final class DirtyLines {
    private static final long NONE = -1;

    private final Persistence persistence;
    private final PersistSite site;
    private long dirty = NONE;

    public DirtyLines(Persistence persistence, PersistSite site) {
        this.persistence = persistence;
        this.site = site;
    }

    /** The line at {@code line} changed; the previous line, if another one, is done and is flushed now. */
    public void touch(long line) {
        if (line != dirty && dirty != NONE) {
            persistence.flush(site, dirty);
        }
        dirty = line;
    }

    /** Flushes the last line and drains: every line touched is durable when this returns. */
    public void drain() {
        if (dirty != NONE) {
            persistence.flush(site, dirty);
            dirty = NONE;
        }
        persistence.drain();
    }
}
