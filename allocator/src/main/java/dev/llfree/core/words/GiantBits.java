package dev.llfree.core.words;

import dev.llfree.core.Atomics;
import dev.llfree.core.Geometry;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.persist.Persistence;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The owner of the giant bitfield: one bit per whole 1 GiB region, set when a giant frame is allocated there
 * (the truth of giant frames, see {@link dev.llfree.core.lower.GiantFrames}). CASes go through {@link BitWords#flip}.
 *
 * <pre>
 * giant area: | long 0: regions 63..0 | long 1: regions 127..64 | ...   one 64-byte line per 512 regions
 * </pre>
 *
 * Bits past the last whole region exist in the area's last line but mean nothing; a set one is damage
 * ({@link #strayBit}).
 */
public final class GiantBits {
    private static final VarHandle LONG = Atomics.SEGMENT_LONG;

    private final MemorySegment segment;
    private final long offset;
    private final long bytes;
    private final long regions;

    /** The giant bits of {@code frames} frames at {@code offset} in {@code segment}. */
    public GiantBits(MemorySegment segment, long offset, long frames) {
        this.segment = segment;
        this.offset = offset;
        this.bytes = LowerLayout.giantBytes(frames);
        this.regions = Geometry.giants(frames);
    }

    /** Whole 1 GiB regions: the possible giant frames. */
    public long regions() {
        return regions;
    }

    /** Whether {@code region}'s bit is set; false for a region past the last whole one. */
    public boolean committed(long region) {
        return region < regions && (word(region) & bit(region)) != 0;
    }

    /** Offset of the cache line that holds {@code region}'s bit. */
    public long lineOf(long region) {
        return wordOffset(region) & -Geometry.CACHE_LINE;
    }

    /** Sets {@code region}'s bit: the LP of a giant get. False (nothing written) if it is set already. */
    public boolean commit(long region) {
        return BitWords.flip(segment, wordOffset(region), BitWords.SET, bit(region), 0, 0) != 0;
    }

    /** Clears {@code region}'s bit: the LP of a giant put. False (nothing written) if it is clear. */
    public boolean uncommit(long region) {
        return BitWords.flip(segment, wordOffset(region), BitWords.CLEAR, bit(region), 0, 0) != 0;
    }

    /**
     * Bits set in the giant area past the last whole region (none in a sound pool): the first such region, or -1.
     */
    public long strayBit() {
        long words = bytes / Long.BYTES;
        for (long w = regions / Long.SIZE; w < words; w++) {
            long mask = w == regions / Long.SIZE ? -1L << (regions % Long.SIZE) : -1L;
            long stray = (long) LONG.getAcquire(segment, offset + w * Long.BYTES) & mask;
            if (stray != 0) {
                return w * Long.SIZE + Long.numberOfTrailingZeros(stray);
            }
        }
        return -1;
    }

    /** Sets or clears {@code region}'s bit with a plain store (recovery, while no other thread runs). */
    public void store(long region, boolean committed) {
        long off = wordOffset(region);
        long word = (long) LONG.getAcquire(segment, off);
        LONG.setRelease(segment, off, committed ? word | bit(region) : word & ~bit(region));
    }

    /** Makes the whole area durable. */
    public void sync(Persistence persistence, PersistSite site) throws IOException {
        if (bytes > 0) {
            persistence.sync(site, offset, bytes);
        }
    }

    /** Writes "no giant frame". */
    public void initialize() {
        segment.asSlice(offset, bytes).fill((byte) 0);
    }

    private long wordOffset(long region) {
        return offset + region / Long.SIZE * Long.BYTES;
    }

    private static long bit(long region) {
        return 1L << region;
    }

    private long word(long region) {
        return (long) LONG.getAcquire(segment, wordOffset(region));
    }
}
