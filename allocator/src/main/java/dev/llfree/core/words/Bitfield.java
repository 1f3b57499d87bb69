package dev.llfree.core.words;

import dev.llfree.core.Geometry;

/**
 * Search of one 64-bit bitfield word (bit set = frame allocated) for naturally aligned free runs of
 * {@code 2^order} bits, orders 0..6. Pure functions; the CAS lives in {@link Rows}.
 *
 * <p>{@link #freeRuns} folds the inverted word onto itself ({@code free &= free >>> 2^i} for
 * i &lt; order), so bit {@code b} stays set iff bits {@code b .. b+2^order-1} are all free; masking with
 * the aligned positions of the order leaves exactly the candidate runs. Orders 7 and 8 span 2 and 4
 * whole words and are handled word-wise by {@link Rows}.
 */
public final class Bitfield {
    /** Largest order found inside one word. */
    public static final int MAX_WORD_ORDER = Geometry.WORD_ORDER;

    /** ALIGNED[k]: a bit at every multiple of 2^k. */
    private static final long[] ALIGNED = {
        0xFFFF_FFFF_FFFF_FFFFL,
        0x5555_5555_5555_5555L,
        0x1111_1111_1111_1111L,
        0x0101_0101_0101_0101L,
        0x0001_0001_0001_0001L,
        0x0000_0001_0000_0001L,
        0x0000_0000_0000_0001L,
    };

    private Bitfield() { }

    /** Start bits of the aligned free runs of {@code 2^order} bits in {@code word} (order 0..6). */
    public static long freeRuns(long word, int order) {
        long free = ~word;
        for (int i = 0; i < order; i++) {
            free &= free >>> (1 << i);
        }
        return free & ALIGNED[order];
    }

    /** Bits of the run of {@code 2^order} bits starting at {@code bit}. */
    public static long runMask(int bit, int order) {
        long ones = order == MAX_WORD_ORDER ? -1L : (1L << (1 << order)) - 1;
        return ones << bit;
    }

    /**
     * The bits of {@code frame}'s word that the run of {@code 2^order} frames at {@code frame} covers: the run's
     * mask for orders 0..6, the whole word for the orders above (which span whole words).
     */
    public static long wordMask(long frame, int order) {
        return order >= MAX_WORD_ORDER ? -1L : runMask((int) (frame & (Geometry.WORD_BITS - 1)), order);
    }

    /**
     * Bits of the last (highest) free run, or 0 if there is none.
     *
     * @param runs the result of {@link #freeRuns}
     */
    public static long lastRun(long runs, int order) {
        return runs == 0 ? 0 : runMask(63 - Long.numberOfLeadingZeros(runs), order);
    }

    /**
     * Bits of the first (lowest) {@code max} free runs, all set, or 0 if there is none.
     *
     * @param runs the result of {@link #freeRuns}
     */
    public static long firstRuns(long runs, int order, int max) {
        long claim = 0;
        for (int i = 0; i < max && runs != 0; i++) {
            long lowest = runs & -runs;
            claim |= runMask(Long.numberOfTrailingZeros(lowest), order);
            runs ^= lowest;
        }
        return claim;
    }
}
