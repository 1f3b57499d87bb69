package dev.llfree.core;

/**
 * Index spaces and their one conversion home. Every index is a {@code long}.
 *
 * <pre>
 * frame (4 KiB) ── 64 per word ── 8 words = 512 frames per row/child (2 MiB) ── 32 children per tree (64 MiB)
 *   wordOf(f) = f >>> 6          childOf(f) = f >>> 9                          treeOf(f) = f >>> 14
 * ── 16 trees = 512 children per giant frame (1 GiB)
 *   giantOf(f) = f >>> 18
 * </pre>
 *
 * A tree holds 32 children so that its 16-bit child entries fill exactly one 64-byte cache line. Orders
 * 0..{@link #MAX_ORDER} are served inside one tree; {@link #GIANT_ORDER} takes 16 whole trees.
 */
public final class Geometry {
    /** log2 of frames per bitfield word. */
    public static final int WORD_ORDER = 6;
    /** Frames (bits) per bitfield word. */
    public static final int WORD_BITS = 1 << WORD_ORDER;
    /** log2 of frames per child: the huge order. */
    public static final int CHILD_ORDER = 9;
    /** Frames per child (one 2 MiB huge frame). */
    public static final int CHILD_FRAMES = 1 << CHILD_ORDER;
    /** Bitfield words per child row. */
    public static final int ROW_WORDS = CHILD_FRAMES / WORD_BITS;
    /** Bytes of one child's bitfield row: one cache line. */
    public static final int ROW_BYTES = ROW_WORDS * Long.BYTES;
    /** log2 of children per tree. */
    public static final int TREE_CHILDREN_ORDER = 5;
    /** Children per tree. */
    public static final int TREE_CHILDREN = 1 << TREE_CHILDREN_ORDER;
    /** log2 of frames per tree. */
    public static final int TREE_ORDER = CHILD_ORDER + TREE_CHILDREN_ORDER;
    /** Frames per tree. */
    public static final int TREE_FRAMES = 1 << TREE_ORDER;
    /** Largest order of a frame run inside one tree (the orders below {@link #GIANT_ORDER}). */
    public static final int MAX_ORDER = 10;
    /** Order of a giant (1 GiB) frame: 512 children, 16 whole trees, aligned to 1 GiB. */
    public static final int GIANT_ORDER = 18;
    /** log2 of children per giant frame. */
    public static final int GIANT_CHILDREN_ORDER = GIANT_ORDER - CHILD_ORDER;
    /** Children per giant frame. */
    public static final int GIANT_CHILDREN = 1 << GIANT_CHILDREN_ORDER;
    /** Trees per giant frame. */
    public static final int GIANT_TREES = 1 << (GIANT_ORDER - TREE_ORDER);
    /** Largest frame count an allocator manages: 2^40 frames = 4 PiB. */
    public static final long MAX_FRAMES = 1L << 40;
    /** Cache line size in bytes. */
    public static final int CACHE_LINE = 64;

    private Geometry() { }

    public static long wordOf(long frame) {
        return frame >>> WORD_ORDER;
    }

    public static long childOf(long frame) {
        return frame >>> CHILD_ORDER;
    }

    public static long treeOf(long frame) {
        return frame >>> TREE_ORDER;
    }

    /** The 1 GiB region (a possible giant frame) of {@code frame}. */
    public static long giantOf(long frame) {
        return frame >>> GIANT_ORDER;
    }

    public static long giantOfChild(long child) {
        return child >>> GIANT_CHILDREN_ORDER;
    }

    public static long firstFrameOfGiant(long region) {
        return region << GIANT_ORDER;
    }

    public static long firstChildOfGiant(long region) {
        return region << GIANT_CHILDREN_ORDER;
    }

    public static long firstTreeOfGiant(long region) {
        return region << (GIANT_ORDER - TREE_ORDER);
    }

    /** Whole 1 GiB regions of {@code frames} frames: only they can hold a giant frame. */
    public static long giants(long frames) {
        return frames >>> GIANT_ORDER;
    }

    public static long treeOfChild(long child) {
        return child >>> TREE_CHILDREN_ORDER;
    }

    public static long firstFrameOfChild(long child) {
        return child << CHILD_ORDER;
    }

    public static long firstChildOfTree(long tree) {
        return tree << TREE_CHILDREN_ORDER;
    }

    /** The child after the last of {@code tree}, whose allocator has {@code children} children (a last tree may be partial). */
    public static long endChildOfTree(long tree, long children) {
        return Math.min(children, firstChildOfTree(tree) + TREE_CHILDREN);
    }

    public static long firstFrameOfTree(long tree) {
        return tree << TREE_ORDER;
    }

    /** Children needed for {@code frames} frames (the last one may be partial). */
    public static long children(long frames) {
        return (frames + CHILD_FRAMES - 1) >>> CHILD_ORDER;
    }

    /** Trees needed for {@code frames} frames (the last one may be partial). */
    public static long trees(long frames) {
        return (frames + TREE_FRAMES - 1) >>> TREE_ORDER;
    }

    /** Frames of tree {@code tree} that exist: {@link #TREE_FRAMES} except for a partial last tree. */
    public static long treeCapacity(long tree, long frames) {
        return Math.min(TREE_FRAMES, frames - firstFrameOfTree(tree));
    }

    /** Frames of child {@code child} that exist: {@link #CHILD_FRAMES} except for a partial last child. */
    public static long childCapacity(long child, long frames) {
        return Math.min(CHILD_FRAMES, frames - firstFrameOfChild(child));
    }
}
