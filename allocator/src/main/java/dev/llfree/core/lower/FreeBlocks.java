package dev.llfree.core.lower;

import dev.llfree.FreeSpace;
import dev.llfree.core.Geometry;
import dev.llfree.core.words.Bitfield;

/**
 * Counts the free blocks of a lower allocator for {@link FreeSpace}, from the bitfields and the whole-child flags
 * (the truth, so right after a crash too): with {@code runs[k]} the free aligned runs of order k, nested or not,
 * {@code blocks[k] = runs[k] - 2 runs[k+1]}. A huge child, or a child of a giant frame, is allocated whole; its
 * row is zero but not free. Reads without synchronisation: exact only while no get or put is in flight.
 */
public final class FreeBlocks {
    private FreeBlocks() { }

    /** Scans every child of {@code lower}. */
    public static FreeSpace scan(Lower lower) {
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
        return FreeSpace.of(blocks, Math.max(largest, current));
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
}
