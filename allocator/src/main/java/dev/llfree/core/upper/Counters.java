package dev.llfree.core.upper;

/**
 * A copy of the upper allocator's counters, for validation and stats (never on the hot path).
 *
 * @param treeFree     per tree: free frames in its entry
 * @param treeReserved per tree: whether its entry is marked reserved
 * @param treeKind     per tree: the kind ordinal of its last reservation
 * @param cellPresent  per reservation cell ({@code slot * Kind.COUNT + kind}): whether it holds a tree
 * @param cellTree     per cell: the tree it holds
 */
public record Counters(long[] treeFree, boolean[] treeReserved, int[] treeKind,
                       boolean[] cellPresent, long[] cellTree) { }
