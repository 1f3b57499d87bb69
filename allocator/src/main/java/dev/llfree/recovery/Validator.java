package dev.llfree.recovery;

import static dev.llfree.internal.Checks.hex;

import dev.llfree.CorruptedAllocatorException;
import dev.llfree.Kind;
import dev.llfree.internal.Geometry;
import dev.llfree.lower.ChildEntry;
import dev.llfree.lower.Lower;
import dev.llfree.upper.Counters;

/**
 * Recounts everything from the bitfields, the truth, and compares every derived counter:
 * <ol>
 *   <li>each child: a huge child has an all-zero row and free 0, its pair flag matches its aligned
 *       partner; any other child has {@code free = 512 - popcount(row)} (a partial last child's
 *       missing frames are set bits);</li>
 *   <li>each tree: the sum of its children's free equals its entry's free plus the free count of the
 *       one reservation that holds it (none if unreserved);</li>
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
        for (long c = 0; c < lower.children(); c++) {
            String child = checkChild(lower, c);
            if (child != null) {
                return child;
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

    private static String checkChild(Lower lower, long c) {
        int e = lower.childEntry(c);
        int allocated = lower.allocatedInRow(c);
        if (ChildEntry.huge(e)) {
            if (allocated != 0 || ChildEntry.free(e) != 0) {
                return "child " + c + " (frames " + hex(Geometry.firstFrameOfChild(c)) + "..): huge entry "
                    + ChildEntry.decode(e) + " but " + allocated + " bits set in its row (expected: free 0, no bits)";
            }
            if (ChildEntry.pair(e)) {
                long partner = c ^ 1;
                int p = partner < lower.children() ? lower.childEntry(partner) : 0;
                if (!ChildEntry.huge(p) || !ChildEntry.pair(p)) {
                    return "child " + c + ": half of an order-10 frame, but its partner child " + partner + " is "
                        + ChildEntry.decode(p);
                }
            }
            return null;
        }
        if (ChildEntry.pair(e)) {
            return "child " + c + ": pair flag without huge flag " + ChildEntry.decode(e);
        }
        int expected = Geometry.CHILD_FRAMES - allocated;
        if (ChildEntry.free(e) != expected) {
            return "child " + c + " (frames " + hex(Geometry.firstFrameOfChild(c)) + "..): free " + ChildEntry.free(e)
                + " but its row has " + allocated + " bits set (expected: free " + expected + ")";
        }
        return null;
    }

    private static String checkTree(Lower lower, Counters counters, int t, int holder) {
        long first = Geometry.firstChildOfTree(t);
        long end = Math.min(lower.children(), first + Geometry.TREE_CHILDREN);
        long childFree = 0;
        for (long c = first; c < end; c++) {
            childFree += ChildEntry.free(lower.childEntry(c));
        }
        boolean reserved = counters.treeReserved()[t];
        if (reserved && holder < 0) {
            return "tree " + t + " is marked reserved but no reservation holds it";
        }
        long held = holder >= 0 ? counters.cellFree()[holder] : 0;
        long counted = counters.treeFree()[t] + held;
        if (counted != childFree) {
            return "tree " + t + ": entry free " + counters.treeFree()[t]
                + (holder >= 0 ? " + " + held + " held by " + cellName(holder) : "")
                + " = " + counted + " but its children have " + childFree + " free frames";
        }
        return null;
    }

    private static String cellName(int cell) {
        return "reservation (core " + cell / Kind.COUNT + ", " + Kind.of(cell % Kind.COUNT) + ")";
    }
}
