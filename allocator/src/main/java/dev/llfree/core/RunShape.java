package dev.llfree.core;

import dev.llfree.core.words.Bitfield;

/**
 * What a run of an order is made of in the lower allocator: the one place an order is dispatched.
 *
 * <pre>
 * order  0..6   WORD   bits inside one bitfield word             one CAS
 * order  7, 8   WORDS  2 or 4 whole words of one row             a CAS per word, with undo
 * order  9      HUGE   one whole child: its huge flag            one CAS on the child long
 * order 10      PAIR   an aligned pair of children, both huge    one CAS (they share a long)
 * order 18      GIANT  the 512 children of a 1 GiB region        512/4 child CASes, then the region's giant bit
 * </pre>
 */
public enum RunShape {
    WORD,
    WORDS,
    HUGE,
    PAIR,
    GIANT;

    private static final RunShape[] BY_ORDER = new RunShape[Geometry.GIANT_ORDER + 1];

    static {
        for (int order = 0; order <= Geometry.GIANT_ORDER; order++) {
            BY_ORDER[order] = order <= Bitfield.MAX_WORD_ORDER ? WORD : order < Geometry.CHILD_ORDER ? WORDS
                : order == Geometry.CHILD_ORDER ? HUGE : order == Geometry.MAX_ORDER ? PAIR
                : order == Geometry.GIANT_ORDER ? GIANT : null;
        }
    }

    /** The shape of a valid order (0..10 or 18; the caller checked it). */
    public static RunShape of(int order) {
        return BY_ORDER[order];
    }

    /** Whether the run lies in one child's bitfield row (WORD, WORDS): its bits are the truth. */
    public boolean inRow() {
        return this == WORD || this == WORDS;
    }

    /** Whether the run is whole children flagged huge (HUGE, PAIR). */
    public boolean huge() {
        return this == HUGE || this == PAIR;
    }
}
