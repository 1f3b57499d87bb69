package dev.llfree.lower;

import static dev.llfree.internal.Checks.hex;

import dev.llfree.CorruptedAllocatorException;
import dev.llfree.DoubleFreeException;
import dev.llfree.internal.Atomics;
import dev.llfree.internal.Geometry;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The lower half of giant (1 GiB, order 18) frames: the giant bitfield, one bit per whole 1 GiB region
 * (the truth), and the giant flags of the region's 512 children ({@link ChildEntry#GIANT_MASK}).
 *
 * <pre>
 * giant area: | long 0: bits of regions 63..0 | long 1: regions 127..64 | ...   one 64-byte line per 512 regions
 * region r:   children 512r..512r+511 = trees 16r..16r+15 = 16 child lines = 128 child longs (4 entries each)
 * </pre>
 *
 * <p>get, after the caller took the whole counters of the region's 16 trees (so no other get takes
 * frames there and no put is in flight there):
 * <ol>
 *   <li>mark: each of the 128 child longs by one CAS from "four children wholly free, no flags" to "four
 *       children giant" (pending); a long that is not (an evacuating mark) fails the get, and the longs
 *       already marked are released again (UNDO);</li>
 *   <li>flush the 16 child lines, drain;</li>
 *   <li>commit: CAS the region's bit 0 -> 1 (the LP), flush its line, drain.</li>
 * </ol>
 * put: CAS the bit 1 -> 0 (the LP; a clear bit is a double free or a wrong order, and nothing changes),
 * flush, drain; then release the 128 child longs (giant -> wholly free); the caller then gives the trees
 * their frames back.
 *
 * <p>Crash images: the child lines are durable before the bit is set and stay giant until the cleared bit
 * is durable, so a set bit always covers 512 giant children with zero rows (anything else is corrupt
 * metadata). Giant flags under a clear bit are pending (a get that did not return, or the release of a
 * returned put): recovery frees those children.
 */
public final class GiantFrames {
    private static final VarHandle LONG = Atomics.SEGMENT_LONG;
    /** Child longs of a region. */
    private static final int CHILD_LONGS = Geometry.GIANT_CHILDREN / ChildEntry.PER_LONG;

    private final Lower lower;
    private final MemorySegment segment;
    private final long offset;
    private final long regions;
    private final long areaWords;

    GiantFrames(Lower lower, MemorySegment segment, long offset, long frames) {
        this.lower = lower;
        this.segment = segment;
        this.offset = offset;
        this.regions = Geometry.giants(frames);
        this.areaWords = LowerLayout.giantBytes(frames) / Long.BYTES;
    }

    /** Whole 1 GiB regions: the possible giant frames. */
    public long regions() {
        return regions;
    }

    /**
     * Whether {@code region}'s bit is set: a giant frame is allocated there (the truth). False for a region
     * past the last whole one (such a bit is {@link #strayBit stray}).
     */
    public boolean committed(long region) {
        return region < regions && (word(region) & bit(region)) != 0;
    }

    /**
     * Bits set in the giant area past the last whole region (none in a sound pool): the first such
     * region, or -1.
     */
    public long strayBit() {
        for (long w = regions / Long.SIZE; w < areaWords; w++) {
            long mask = w == regions / Long.SIZE ? -1L << (regions % Long.SIZE) : -1L;
            long stray = (long) LONG.getAcquire(segment, offset + w * Long.BYTES) & mask;
            if (stray != 0) {
                return w * Long.SIZE + Long.numberOfTrailingZeros(stray);
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------------------------------- get

    /**
     * Allocates {@code region} as a giant frame; the caller holds the whole counters of its 16 trees.
     *
     * @return false if a child of the region is not wholly free without flags (nothing changed then)
     */
    public boolean get(long region, int kind) {
        long first = lower.childWordOffset(Geometry.firstChildOfGiant(region));
        for (int i = 0; i < CHILD_LONGS; i++) {
            if (!mark(first + (long) i * Long.BYTES, kind)) {
                release(first, i, "undo of a giant get of region " + region); // UNDO: the longs marked so far
                return false;
            }
        }
        // PERSIST: the 16 child lines with their giant flags, before the bit that makes them the truth. A crash
        // before the bit is durable leaves pending flags under a clear bit: recovery frees those children.
        for (int tree = 0; tree < Geometry.GIANT_TREES; tree++) {
            lower.flushLine(first + (long) tree * Geometry.CACHE_LINE);
        }
        lower.drain();
        setBit(region);
        // PERSIST: the bit; from the drain on the frame is allocated in every crash image.
        lower.flushLine(wordOffset(region));
        lower.drain();
        return true;
    }

    /** One child long: four wholly free children become giant. Lock-free: a failed CAS means another update won. */
    private boolean mark(long off, int kind) {
        long prev;
        long next;
        do {
            prev = (long) LONG.getAcquire(segment, off);
            next = ChildEntry.markGiant(prev, kind);
            if (next == ChildEntry.NO_UPDATE) {
                return false; // a child in use or evacuating: no write happened on this long
            }
        } while (!LONG.compareAndSet(segment, off, prev, next));
        return true;
    }

    private void setBit(long region) {
        long off = wordOffset(region);
        long prev;
        do {
            prev = (long) LONG.getAcquire(segment, off);
            if ((prev & bit(region)) != 0) {
                throw new CorruptedAllocatorException("giant region " + region + ": bit already set, but its 512"
                    + " children were wholly free (giant word " + hex(prev) + ")");
            }
        } while (!LONG.compareAndSet(segment, off, prev, prev | bit(region))); // LP(get giant)
    }

    // ---------------------------------------------------------------------------------------- put

    /**
     * Frees the giant frame at {@code frame} (range and alignment already checked): clears its bit, makes
     * that durable, then releases the 512 children. The caller then gives the 16 trees their frames back.
     *
     * @throws DoubleFreeException if the region is not allocated as a giant frame; nothing changed
     * @throws IllegalArgumentException if frames of the region were allocated with smaller orders; nothing changed
     */
    public void put(long frame) {
        long region = Geometry.giantOf(frame);
        long off = wordOffset(region);
        long prev;
        do {
            prev = (long) LONG.getAcquire(segment, off);
            if ((prev & bit(region)) == 0) {
                throw notAllocated(frame, region);
            }
        } while (!LONG.compareAndSet(segment, off, prev, prev & ~bit(region))); // LP(put giant)
        // PERSIST: the cleared bit, before any child can serve a get again (a free is durable before its frames
        // can be taken). A crash before the drain keeps the frame allocated: a leak bounded by puts in flight.
        lower.flushLine(off);
        lower.drain();
        release(lower.childWordOffset(Geometry.firstChildOfGiant(region)), CHILD_LONGS, "giant put of region " + region);
    }

    /** Releases {@code longs} child longs from {@code first} on: giant -> wholly free. */
    private void release(long first, int longs, String what) {
        for (int i = 0; i < longs; i++) {
            long off = first + (long) i * Long.BYTES;
            long prev;
            long next;
            do {
                prev = (long) LONG.getAcquire(segment, off);
                next = ChildEntry.releaseGiant(prev);
                if (next == ChildEntry.NO_UPDATE) {
                    throw new CorruptedAllocatorException(what + ": child long " + i + " is " + hex(prev)
                        + " (expected: four giant children)");
                }
            } while (!LONG.compareAndSet(segment, off, prev, next));
        }
    }

    /** A put of a region whose bit is clear: free (or its get in flight) is a double free, smaller runs a wrong order. */
    private RuntimeException notAllocated(long frame, long region) {
        long first = Geometry.firstChildOfGiant(region);
        for (long c = first; c < first + Geometry.GIANT_CHILDREN; c++) {
            int e = lower.childEntry(c);
            if (!ChildEntry.giant(e) && (ChildEntry.whole(e) || ChildEntry.free(e) != Geometry.CHILD_FRAMES)) {
                return Lower.wrongOrder(frame, Geometry.GIANT_ORDER, "child " + c + " of its 1 GiB region holds "
                    + (ChildEntry.huge(e) ? "a huge frame" : "smaller runs"));
            }
        }
        return new DoubleFreeException("double free: frame " + hex(frame) + " of order " + Geometry.GIANT_ORDER
            + " is not allocated");
    }

    /**
     * Sets or clears {@code region}'s bit with a plain store, for tracing recovery while no other thread
     * uses the allocator; not flushed (the caller persists the giant area).
     */
    void store(long region, boolean committed) {
        long off = wordOffset(region);
        long word = (long) LONG.getAcquire(segment, off);
        LONG.setRelease(segment, off, committed ? word | bit(region) : word & ~bit(region));
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
