package dev.llfree.core.words;

import dev.llfree.core.Geometry;

/**
 * Where the lower allocator's three areas lie in its segment, relative to a base offset.
 *
 * <pre>
 * base ─┬─ bitfields: one 64-byte row (8 longs, 512 bits) per child        children × 64 B
 *       ├─ children:  one 64-byte line per tree (32 entries × 16 bits)     trees × 64 B
 *       └─ giant:     one bit per whole 1 GiB region, in 64-byte lines     ⌈regions / 512⌉ × 64 B
 * </pre>
 *
 * Every area is cache-line aligned, so a row, a tree's child entries and 512 giant bits are each one line.
 * Metadata per frame: 1 bit + 16/512 bits + 8 B per 16384-frame tree entry (volatile) ≈ 0.129 bytes
 * (the giant bits add one bit per 2^18 frames). A pool of less than 1 GiB has no giant area (0 bytes).
 */
public final class LowerLayout {
    /** Giant bits per 64-byte line. */
    private static final int GIANT_BITS_PER_LINE = Geometry.CACHE_LINE * Byte.SIZE;

    private LowerLayout() { }

    public static long bitfieldBytes(long frames) {
        return Geometry.children(frames) * Geometry.ROW_BYTES;
    }

    public static long childBytes(long frames) {
        return Geometry.trees(frames) * Geometry.CACHE_LINE;
    }

    public static long giantBytes(long frames) {
        return (Geometry.giants(frames) + GIANT_BITS_PER_LINE - 1) / GIANT_BITS_PER_LINE * Geometry.CACHE_LINE;
    }

    /** Bytes the lower allocator needs: bitfields, child entries, giant bits. */
    public static long bytes(long frames) {
        return bitfieldBytes(frames) + childBytes(frames) + giantBytes(frames);
    }

    /** Offset of the bitfield area. */
    public static long bitfieldOffset(long base) {
        return base;
    }

    /** Offset of the child-entry area. */
    public static long childOffset(long base, long frames) {
        return base + bitfieldBytes(frames);
    }

    /** Offset of the giant bitfield. */
    public static long giantOffset(long base, long frames) {
        return childOffset(base, frames) + childBytes(frames);
    }
}
