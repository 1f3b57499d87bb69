package dev.llfree.core.lower;

import dev.llfree.core.Geometry;
import dev.llfree.core.words.Bitfield;

/**
 * The shape of the free space, read from the bitfields and huge flags: the free blocks a buddy
 * allocator's free lists would hold, the Linux fragmentation indices computed from them, and the
 * longest run of consecutive free frames.
 *
 * <p><b>Free blocks.</b> The free frames are decomposed into maximal naturally aligned free blocks,
 * as Linux's {@code free_area[order].nr_free} counts them: a free aligned run of order k is a block
 * unless its aligned parent run of order k+1 is free too. With {@code runs[k]} the number of free
 * aligned runs of order k (every one, nested or not), {@code blocks[k] = runs[k] - 2 runs[k+1]} and
 * {@code blocks[10] = runs[10]}. A huge child, or a child of a giant frame, is allocated whole; its row is zero but not free.
 *
 * <p><b>Indices</b> (Linux {@code mm/vmstat.c}, in thousandths as there, so {@code 250} is printed
 * {@code 0.250}), with {@code free} the free frames, {@code total} the free blocks and
 * {@code suitable} the blocks of order k or more counted in units of order k:
 * <ul>
 *   <li>unusable free index ({@code unusable_free_index}, debugfs {@code extfrag/unusable_index}): the
 *       share of free frames that lie in blocks too small for order k,
 *       {@code (free - suitable * 2^k) * 1000 / free}; 1000 when nothing is free;</li>
 *   <li>fragmentation index ({@code __fragmentation_index}, debugfs {@code extfrag/extfrag_index}):
 *       -1000 when an order-k block exists; else towards 0 when an order-k get fails for lack of
 *       memory and towards 1000 when it fails for fragmentation,
 *       {@code 1000 - (1000 + free * 1000 / 2^k) / total}; 0 when nothing is free.</li>
 * </ul>
 *
 * <p>Thread safety: immutable once built; {@link #of} reads without synchronisation and is exact only
 * while no get or put is in flight.
 */
public final class FreeSpace {
    /** Thousandths, as Linux reports its indices. */
    public static final int SCALE = 1000;

    private final long[] blocks;
    private final long largestRun;

    private FreeSpace(long[] blocks, long largestRun) {
        this.blocks = blocks;
        this.largestRun = largestRun;
    }

    /** Scans every child of {@code lower}. */
    public static FreeSpace of(Lower lower) {
        long[] runs = new long[Geometry.MAX_ORDER + 2];
        long largest = 0;
        long current = 0;
        boolean evenChildFree = false;
        for (long c = 0; c < lower.children(); c++) {
            if (lower.allocatedWhole(c)) {
                largest = Math.max(largest, current);
                current = 0;
                evenChildFree = false;
                continue;
            }
            int zeroWords = 0;
            int zeroRun = 0;
            for (int w = 0; w < Geometry.ROW_WORDS; w++) {
                long word = lower.word(c * Geometry.ROW_WORDS + w);
                for (int k = 0; k <= Bitfield.MAX_WORD_ORDER; k++) {
                    runs[k] += Long.bitCount(Bitfield.freeRuns(word, k));
                }
                zeroRun = word == 0 ? zeroRun + 1 : 0;
                zeroWords += word == 0 ? 1 : 0;
                // A group of 2^j zero words is aligned when it ends at a word index w with (w + 1) % 2^j == 0.
                for (int j = 1; Bitfield.MAX_WORD_ORDER + j < Geometry.CHILD_ORDER; j++) {
                    runs[Bitfield.MAX_WORD_ORDER + j] += zeroRun >= 1 << j && (w + 1) % (1 << j) == 0 ? 1 : 0;
                }
                if (word == 0) {
                    current += Geometry.WORD_BITS;
                } else {
                    largest = Math.max(largest, Math.max(current + Long.numberOfTrailingZeros(word), longestZeroRun(word)));
                    current = Long.numberOfLeadingZeros(word);
                }
            }
            boolean childFree = zeroWords == Geometry.ROW_WORDS;
            runs[Geometry.CHILD_ORDER] += childFree ? 1 : 0;
            runs[Geometry.MAX_ORDER] += (c & 1) == 1 && childFree && evenChildFree ? 1 : 0;
            evenChildFree = childFree;
        }
        long[] blocks = new long[Geometry.MAX_ORDER + 1];
        for (int k = 0; k <= Geometry.MAX_ORDER; k++) {
            blocks[k] = runs[k] - 2 * runs[k + 1];
        }
        return new FreeSpace(blocks, Math.max(largest, current));
    }

    /** The longest run of zero bits in {@code word}. */
    private static int longestZeroRun(long word) {
        long zeros = ~word;
        int length = 0;
        while (zeros != 0) {
            zeros &= zeros << 1;
            length++;
        }
        return length;
    }

    /** Maximal free blocks of order {@code order} (0..10), as a buddy allocator's free list holds them. */
    public long blocks(int order) {
        return blocks[order];
    }

    /** Free frames: the sum of every block's frames. */
    public long freeFrames() {
        long free = 0;
        for (int k = 0; k < blocks.length; k++) {
            free += blocks[k] << k;
        }
        return free;
    }

    /** The longest run of consecutive free frames, aligned or not (0 when nothing is free). */
    public long largestRun() {
        return largestRun;
    }

    /** The largest order with a free block, or -1 when nothing is free. */
    public int largestOrder() {
        for (int k = blocks.length - 1; k >= 0; k--) {
            if (blocks[k] > 0) {
                return k;
            }
        }
        return -1;
    }

    /** Linux's unusable free index for {@code order}, in thousandths (0 = none unusable .. 1000 = all). */
    public int unusableFreeIndex(int order) {
        long free = freeFrames();
        if (free == 0) {
            return SCALE;
        }
        return (int) ((free - (suitable(order) << order)) * SCALE / free);
    }

    /**
     * Linux's fragmentation index for {@code order}, in thousandths: -1000 when an order-k get would
     * succeed, else 0 (lack of memory) .. 1000 (fragmentation).
     */
    public int fragmentationIndex(int order) {
        long total = 0;
        for (long count : blocks) {
            total += count;
        }
        if (total == 0) {
            return 0;
        }
        if (suitable(order) > 0) {
            return -SCALE;
        }
        return (int) (SCALE - (SCALE + freeFrames() * SCALE / (1L << order)) / total);
    }

    /** Blocks of order {@code order} or more, counted in units of {@code 2^order} frames. */
    private long suitable(int order) {
        long suitable = 0;
        for (int k = order; k < blocks.length; k++) {
            suitable += blocks[k] << (k - order);
        }
        return suitable;
    }
}
