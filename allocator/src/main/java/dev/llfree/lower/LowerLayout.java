package dev.llfree.lower;

import dev.llfree.internal.Geometry;

/**
 * Where the lower allocator's two areas lie in its segment, relative to a base offset.
 *
 * <pre>
 * base ─┬─ bitfields: one 64-byte row (8 longs, 512 bits) per child        children × 64 B
 *       └─ children:  one 64-byte line per tree (32 entries × 16 bits)     trees × 64 B
 * </pre>
 *
 * Both areas are cache-line aligned, so a row and a tree's child entries are each one line.
 * Metadata per frame: 1 bit + 16/512 bits + 8 B per 16384-frame tree entry (volatile) ≈ 0.129 bytes.
 */
public final class LowerLayout {
    private LowerLayout() { }

    public static long bitfieldBytes(long frames) {
        return Geometry.children(frames) * Geometry.ROW_BYTES;
    }

    public static long childBytes(long frames) {
        return Geometry.trees(frames) * Geometry.CACHE_LINE;
    }

    /** Bytes the lower allocator needs: bitfields then child entries. */
    public static long bytes(long frames) {
        return bitfieldBytes(frames) + childBytes(frames);
    }

    /** Offset of the bitfield area. */
    public static long bitfieldOffset(long base) {
        return base;
    }

    /** Offset of the child-entry area. */
    public static long childOffset(long base, long frames) {
        return base + bitfieldBytes(frames);
    }
}
