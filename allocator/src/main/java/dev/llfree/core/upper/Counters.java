package dev.llfree.core.upper;

/**
 * A copy of the upper allocator's counters, for validation and stats (never on the hot path).
 *
 * @param treeFree     per tree: free frames in its entry
 * @param treeReserved per tree: whether its entry is marked reserved
 * @param treeKind     per tree: the kind ordinal of its last reservation
 * @param cellPresent  per reservation cell ({@code slot * Kind.COUNT + kind}): whether it holds a tree
 * @param cellTree     per cell: the tree it holds
 * @param exhaustiveSearches gets that searched every tree (see {@code Reservations.getAnywhere})
 */
public record Counters(long[] treeFree, boolean[] treeReserved, int[] treeKind,
                       boolean[] cellPresent, long[] cellTree, long exhaustiveSearches) {
    /** Copies the entries of {@code trees} and of the reservation cells {@code locals}. */
    static Counters of(Trees trees, Locals locals) {
        int treeCount = trees.count();
        long[] treeFree = new long[treeCount];
        boolean[] treeReserved = new boolean[treeCount];
        int[] treeKind = new int[treeCount];
        for (int t = 0; t < treeCount; t++) {
            long e = trees.entry(t);
            treeFree[t] = TreeEntry.free(e);
            treeReserved[t] = TreeEntry.reserved(e);
            treeKind[t] = TreeEntry.kind(e);
        }
        int cellCount = locals.count();
        boolean[] present = new boolean[cellCount];
        long[] cellTree = new long[cellCount];
        for (int c = 0; c < cellCount; c++) {
            long e = locals.entry(c);
            present[c] = LocalEntry.present(e);
            cellTree[c] = LocalEntry.tree(e);
        }
        return new Counters(treeFree, treeReserved, treeKind, present, cellTree, trees.exhaustiveSearches());
    }
}
