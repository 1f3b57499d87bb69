package dev.llfree.core.words;

import static dev.llfree.core.Checks.hex;

import dev.llfree.CorruptedAllocatorException;
import dev.llfree.FrameAllocator;
import dev.llfree.core.Atomics;
import dev.llfree.core.Geometry;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.persist.Persistence;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The owner of the bitfield rows: one 512-bit row (8 words, one cache line) per 2 MiB child, bit set =
 * frame allocated. Every CAS on a word goes through {@link BitWords#flip}; runs of orders 7 and 8 span 2 or 4
 * whole words and are set and cleared word by word with undo ({@link #swapWords}). The plain stores of
 * single-threaded recovery and initialisation are here too; nobody else computes where a word lies.
 *
 * <pre>
 * bitfield area: | row of child 0: words 0..7 | row of child 1: words 8..15 | ...
 * frame f:       word f / 64 (global word index), bit f % 64
 * </pre>
 */
public final class Rows {
    private static final VarHandle LONG = Atomics.SEGMENT_LONG;

    private final MemorySegment segment;
    private final long offset;
    private final long bytes;

    /** The rows of {@code frames} frames at {@code offset} in {@code segment}. */
    public Rows(MemorySegment segment, long offset, long frames) {
        this.segment = segment;
        this.offset = offset;
        this.bytes = LowerLayout.bitfieldBytes(frames);
    }

    /** Word {@code w} (global word index: frame / 64). */
    public long word(long w) {
        return (long) LONG.getAcquire(segment, wordOffset(w));
    }

    /** Offset of child {@code child}'s row: one cache line. */
    public long lineOf(long child) {
        return offset + child * Geometry.ROW_BYTES;
    }

    private long wordOffset(long w) {
        return offset + w * Long.BYTES;
    }

    /** Set bits in child {@code child}'s row: allocated frames, plus the missing frames of a partial last child. */
    public int allocated(long child) {
        int allocated = 0;
        for (long w = child * Geometry.ROW_WORDS; w < (child + 1) * Geometry.ROW_WORDS; w++) {
            allocated += Long.bitCount(word(w));
        }
        return allocated;
    }

    // ---------------------------------------------------------------------------------------- search and claim

    /**
     * Sets the bits of up to {@code max} free aligned runs of {@code 2^order} bits (order 0..6) in word
     * {@code w}: the lowest ones, or the highest one if {@code top}. LP(get): the CAS.
     *
     * @return the bits set (0 if the word has no free run)
     */
    public long claim(long w, int order, int max, boolean top) {
        return BitWords.flip(segment, wordOffset(w), top ? BitWords.CLAIM_HIGHEST : BitWords.CLAIM_LOWEST, 0, order, max);
    }

    /**
     * Orders 7 and 8: sets the first group of 2 or 4 whole free words in child {@code child}'s row, one CAS per
     * word ({@link #swapWords}). RACE(benign): two claimers of one group can make each other fail; both undo,
     * nothing is lost, callers move on.
     *
     * @return the first frame, or {@link FrameAllocator#NO_FRAME} if no group is free
     */
    public long claimWords(long child, int order) {
        int words = wordsOf(order);
        for (long g = child * Geometry.ROW_WORDS; g < (child + 1) * Geometry.ROW_WORDS; g += words) {
            if (zero(g, words) && swapWords(g, words, 0L, -1L)) {
                return g * Geometry.WORD_BITS;
            }
        }
        return FrameAllocator.NO_FRAME;
    }

    /**
     * The first free aligned run of {@code 2^order} frames (order 0..8) in child {@code child}'s row, read
     * without a CAS (for a holder, whose child no one else takes from), or {@link FrameAllocator#NO_FRAME}.
     */
    public long firstFree(long child, int order) {
        long row = child * Geometry.ROW_WORDS;
        if (order > Bitfield.MAX_WORD_ORDER) {
            int words = wordsOf(order);
            for (long g = row; g < row + Geometry.ROW_WORDS; g += words) {
                if (zero(g, words)) {
                    return g * Geometry.WORD_BITS;
                }
            }
            return FrameAllocator.NO_FRAME;
        }
        for (long w = row; w < row + Geometry.ROW_WORDS; w++) {
            long run = Bitfield.firstRuns(Bitfield.freeRuns(word(w), order), order, 1);
            if (run != 0) {
                return w * Geometry.WORD_BITS + Long.numberOfTrailingZeros(run);
            }
        }
        return FrameAllocator.NO_FRAME;
    }

    // ---------------------------------------------------------------------------------------- a known run

    /**
     * Sets every bit of the run of {@code 2^order} frames at {@code frame} (order 0..8) if all are clear.
     * Orders 0..6: one CAS (the LP); 7 and 8: word by word with undo, the last word's CAS the LP.
     *
     * @return false (nothing written) if a bit of the run is set
     */
    public boolean set(long frame, int order) {
        if (order > Bitfield.MAX_WORD_ORDER) {
            return swapWords(Geometry.wordOf(frame), wordsOf(order), 0L, -1L);
        }
        return BitWords.flip(segment, wordOffset(Geometry.wordOf(frame)), BitWords.SET, Bitfield.wordMask(frame, order), 0, 0) != 0;
    }

    /**
     * Clears every bit of the run if all are set; the LP of a small put. For orders 7 and 8 a CAS that fails
     * after the check means a concurrent put of the same run (a double free racing): the words cleared are set
     * again (UNDO).
     *
     * @return false (nothing written) if a bit of the run is clear
     */
    public boolean clear(long frame, int order) {
        if (order > Bitfield.MAX_WORD_ORDER) {
            return swapWords(Geometry.wordOf(frame), wordsOf(order), -1L, 0L);
        }
        return BitWords.flip(segment, wordOffset(Geometry.wordOf(frame)), BitWords.CLEAR, Bitfield.wordMask(frame, order), 0, 0) != 0;
    }

    /** Bits of the run that are set: 0 (free), {@code 2^order} (allocated), or in between (partly). */
    public int allocated(long frame, int order) {
        if (order > Bitfield.MAX_WORD_ORDER) {
            int set = 0;
            for (long w = Geometry.wordOf(frame); w < Geometry.wordOf(frame) + wordsOf(order); w++) {
                set += Long.bitCount(word(w));
            }
            return set;
        }
        return Long.bitCount(word(Geometry.wordOf(frame)) & Bitfield.wordMask(frame, order));
    }

    /**
     * CASes {@code words} words from {@code g} on, in ascending order, from {@code from} to {@code to}. If one
     * CAS fails (another thread changed that word), the words already swapped are swapped back. The LP is the
     * CAS of the last word.
     *
     * @return whether every word was swapped (false: nothing changed)
     * @throws CorruptedAllocatorException if an undo fails, which only another thread's bug can cause
     */
    private boolean swapWords(long g, int words, long from, long to) {
        for (int j = 0; j < words; j++) {
            if (!LONG.compareAndSet(segment, wordOffset(g + j), from, to)) {
                for (int k = j - 1; k >= 0; k--) {
                    if (!LONG.compareAndSet(segment, wordOffset(g + k), to, from)) { // UNDO
                        throw new CorruptedAllocatorException("word " + (g + k) + ": undo of a partial " + words
                            + "-word update failed, found " + hex(word(g + k)));
                    }
                }
                return false;
            }
        }
        return true;
    }

    private boolean zero(long g, int words) {
        for (int j = 0; j < words; j++) {
            if (word(g + j) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Words a run of order 7 or 8 spans. */
    private static int wordsOf(int order) {
        return 1 << (order - Geometry.WORD_ORDER);
    }

    // ---------------------------------------------------------------------------------------- single-threaded

    /** Stores {@code words[from..from+8)} as child {@code child}'s row with plain stores (recovery). */
    public void store(long child, long[] words, int from) {
        for (int i = 0; i < Geometry.ROW_WORDS; i++) {
            LONG.setRelease(segment, wordOffset(child * Geometry.ROW_WORDS + i), words[from + i]);
        }
    }

    /** Clears whatever bits of the run (order 0..8) are set, with plain stores (recovery). */
    public void erase(long frame, int order) {
        for (long f = frame; f < frame + (1L << order); f += Geometry.WORD_BITS) {
            long m = Bitfield.wordMask(f, order);
            long off = wordOffset(Geometry.wordOf(f));
            LONG.setRelease(segment, off, (long) LONG.getAcquire(segment, off) & ~m);
        }
    }

    /** Makes every row durable. */
    public void sync(Persistence persistence, PersistSite site) throws IOException {
        persistence.sync(site, offset, bytes);
    }

    /** Writes "every frame free" for {@code frames} frames: the bits past the end of a partial last child stay set. */
    public void initialize(long frames) {
        long children = Geometry.children(frames);
        segment.asSlice(offset, bytes).fill((byte) 0);
        for (long frame = frames; frame < children * Geometry.CHILD_FRAMES; frame++) {
            long off = wordOffset(Geometry.wordOf(frame));
            LONG.set(segment, off, (long) LONG.get(segment, off) | 1L << (frame & (Geometry.WORD_BITS - 1)));
        }
    }
}
