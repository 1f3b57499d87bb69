package dev.llfree.core;

/**
 * What a run of an order is made of in the lower allocator: the one place an order is dispatched.
 *
 * <pre>
 * order  0..6   word    bits inside one bitfield word             one CAS
 * order  7, 8   words   2 or 4 whole words of one row             a CAS per word, with undo
 * order  9      huge    one whole child: its huge flag            one CAS on the child long
 * order 10      pair    an aligned pair of children, both huge    one CAS (they share a long)
 * order 18      giant   the 512 children of a 1 GiB region        512/4 child CASes, then the region's giant bit
 * </pre>
 *
 * Predicates on the order rather than an enum looked up per call: they are comparisons the JIT folds into the
 * branch that uses them, on the hot path of every get and put. Orders are valid (checked by the caller).
 */
public final class RunShape {
    private RunShape() { }

    /** Orders 0..6: the run lies inside one bitfield word. */
    public static boolean inWord(int order) {
        return order <= Geometry.WORD_ORDER;
    }

    /** Orders 0..8: the run lies in one child's bitfield row (one word or whole words); its bits are the truth. */
    public static boolean inRow(int order) {
        return order < Geometry.CHILD_ORDER;
    }

    /** Orders 9 and 10: the run is whole children flagged huge (for orders 0..10). */
    public static boolean huge(int order) {
        return order >= Geometry.CHILD_ORDER;
    }

    /** Order 10: an aligned pair of huge children sharing one child long. */
    public static boolean pair(int order) {
        return order == Geometry.MAX_ORDER;
    }

    /** Order 18: a giant frame of 16 whole trees. */
    public static boolean giant(int order) {
        return order > Geometry.MAX_ORDER;
    }
}
