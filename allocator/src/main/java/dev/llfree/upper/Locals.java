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

    /**
     * Take up to {@code max} runs of {@code 2^order} frames from the cell's counter in one CAS.
     *
     * @return the entry before the take (its tree and free count tell how many runs were taken:
     *     {@link LocalEntry#runs}), or {@link LocalEntry#NO_UPDATE} if not even one run is available
     */
    long take(int cell, int order, int max) {
        int i = index(cell);
        long prev;
        int runs;
        do {
            prev = (long) LONG.getAcquire(cells, i);
            runs = LocalEntry.runs(prev, order, max);
            if (runs == 0) {
                return LocalEntry.NO_UPDATE;
            }
        } while (!LONG.compareAndSet(cells, i, prev, LocalEntry.take(prev, (long) runs << order)));
        return prev;
    }

    /** Give {@code n} frames of {@code tree} to the cell; false if the cell does not hold {@code tree}. */
    boolean give(int cell, long tree, long n) {
        int i = index(cell);
        long prev;
        long next;
        do {
            prev = (long) LONG.getAcquire(cells, i);
            next = LocalEntry.give(prev, tree, n);
            if (next == LocalEntry.NO_UPDATE) {
                return false;
            }
        } while (!LONG.compareAndSet(cells, i, prev, next));
        return true;
    }
}
