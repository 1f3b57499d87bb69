package dev.llfree.core.upper;

import dev.llfree.CorruptedAllocatorException;
import dev.llfree.Kind;
import dev.llfree.core.Geometry;
import dev.llfree.core.lower.ChildProblem;
import dev.llfree.core.lower.Lower;
import dev.llfree.core.words.ChildEntry;

/**
 * Recounts everything from the bitfields, the truth, and compares every derived counter:
 * <ol>
 *   <li>each child ({@link ChildProblem}): a huge child has an all-zero row and free 0, its pair flag
 *       matches its aligned partner; any other child has {@code free = 512 - popcount(row)} (a partial
 *       last child's missing frames are set bits);</li>
 *   <li>each tree: the sum of its children's free equals its entry's free;</li>
 *   <li>each reservation names an existing, reserved tree, and no tree is held twice.</li>
 * </ol>
 * Exact only while no get or put is in flight.
 */
public final class Validator {
    private Validator() { }

    /**
     * @throws CorruptedAllocatorException naming the first mismatch
     */
    public static void check(Lower lower, Counters counters) {
        String mismatch = firstMismatch(lower, counters);
        if (mismatch != null) {
            throw new CorruptedAllocatorException(mismatch);
        }
    }

    /** The first mismatch, described precisely, or {@code null} if every counter agrees with the bitfields. */
    public static String firstMismatch(Lower lower, Counters counters) {
        ChildProblem stray = ChildProblem.findStrayGiantBit(lower);
        if (stray != null) {
            return stray.message();
        }
        for (long c = 0; c < lower.children(); c++) {
            ChildProblem child = ChildProblem.find(lower, c);
            if (child != null) {
                return child.message();
            }
        }
        int treeCount = counters.treeFree().length;
        int[] holder = new int[treeCount];
        java.util.Arrays.fill(holder, -1);
        for (int cell = 0; cell < counters.cellPresent().length; cell++) {
            if (!counters.cellPresent()[cell]) {
                continue;
            }
            long tree = counters.cellTree()[cell];
            if (tree >= treeCount || !counters.treeReserved()[(int) tree]) {
                return cellName(cell) + " holds tree " + tree + ", which is " + (tree >= treeCount ? "out of range" : "not reserved");
            }
            if (holder[(int) tree] >= 0) {
                return "tree " + tree + " is held by " + cellName(holder[(int) tree]) + " and by " + cellName(cell);
            }
            holder[(int) tree] = cell;
        }
        for (int t = 0; t < treeCount; t++) {
            String tree = checkTree(lower, counters, t, holder[t]);
            if (tree != null) {
                return tree;
            }
        }
        return null;
    }

    private static String checkTree(Lower lower, Counters counters, int t, int holder) {
        long first = Geometry.firstChildOfTree(t);
        long end = Geometry.endChildOfTree(t, lower.children());
        long childFree = 0;
        for (long c = first; c < end; c++) {
            childFree += ChildEntry.free(lower.childEntry(c));
        }
        if (counters.treeReserved()[t] && holder < 0) {
            return "tree " + t + " is marked reserved but no reservation holds it";
        }
        if (counters.treeFree()[t] != childFree) {
            return "tree " + t + ": entry free " + counters.treeFree()[t] + " but its children have " + childFree
                + " free frames";
        }
        return null;
    }

    private static String cellName(int cell) {
        return "reservation (core " + cell / Kind.COUNT + ", " + Kind.of(cell % Kind.COUNT) + ")";
    }
}
