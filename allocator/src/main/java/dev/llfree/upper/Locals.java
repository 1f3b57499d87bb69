package dev.llfree.upper;

import dev.llfree.internal.Atomics;
import java.lang.invoke.VarHandle;

/**
 * Per-core, per-kind reservations: one {@link LocalEntry} and a search hint per cell, each cell on
 * its own pair of cache lines (128 bytes, so the adjacent-line prefetcher does not couple cores).
 *
 * <pre>
 * long[]: | pad 128 B | cell 0: entry, hint, pad… | cell 1: entry, hint, pad… | …
 * cell = slot * Kind.COUNT + kind
 * </pre>
 *
 * The hint is the last frame this cell handed out: the next search starts in its word (vicinity).
 * It is only a hint: written with setOpaque, read without ordering; RACE(benign): a stale or foreign
 * hint only moves where a search starts.
 */
final class Locals {
    private static final VarHandle LONG = Atomics.ARRAY_LONG;
    private static final int STRIDE = 16;
    private static final int HINT = 1;

    private final long[] cells;
    private final int count;

    Locals(int count) {
        this.count = count;
        this.cells = new long[(count + 1) * STRIDE];
    }

    int count() {
        return count;
    }

    private static int index(int cell) {
        return (cell + 1) * STRIDE;
    }

    long entry(int cell) {
        return (long) LONG.getAcquire(cells, index(cell));
    }

    boolean compareAndSet(int cell, long expected, long next) {
        return LONG.compareAndSet(cells, index(cell), expected, next);
    }

    long hint(int cell) {
        return (long) LONG.getOpaque(cells, index(cell) + HINT);
    }

    void setHint(int cell, long frame) {
        LONG.setOpaque(cells, index(cell) + HINT, frame);
    }
}
