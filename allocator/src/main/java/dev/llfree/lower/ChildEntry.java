package dev.llfree.lower;

import dev.llfree.internal.Geometry;

/**
 * Child entry codec: 16 bits per 2 MiB child, four packed into one {@code long} so that a child
 * update is a CAS on that long (segment VarHandles have no 16-bit CAS), and an order-10 frame,
 * whose two children always share a long, is a single CAS.
 *
 * <pre>
 *  long:   | 63..48 child 4k+3 | 47..32 child 4k+2 | 31..16 child 4k+1 | 15..0 child 4k |
 *  entry:  | 15 giant | 14..13 kind | 12 evacuating | 11 pair | 10 huge | 9..0 free (0..512) |
 * </pre>
 *
 * {@code huge}: the child is allocated as one 2 MiB frame (its bitfield row stays zero, free = 0).
 * {@code pair}: with huge, the child is half of an order-10 (4 MiB) frame; lets put reject a wrong order.
 * {@code evacuating}: compaction is moving the child's frames out; get takes nothing from it (neither
 * small runs nor the whole child), put still frees into it. Only a child that is not huge can be marked,
 * and a marked child cannot become huge, so the flag never meets {@code huge}. The flag is volatile in
 * meaning: recovery clears it. {@code kind}: the {@link dev.llfree.Kind} (ordinal + 1; 0 = none) of the
 * gets that took frames from the child, written by the same CAS that takes them and cleared when the
 * child is wholly free again, so a closed pool still tells which kind its memory serves (inspect). It is
 * advisory: not flushed on its own, recovery keeps it. {@code giant}: the child is one of the 512 children
 * of a 1 GiB frame ({@link GiantFrames}), free = 0 and its row zero; the flag alone is only "pending": the
 * region's bit in the giant bitfield is the truth, and recovery frees giant children whose bit is clear.
 * Giant is set and cleared four children (one long) at a time, only on wholly free children without flags.
 *
 * <p>Hot path: get tests {@code huge}, {@code evacuating} and {@code giant} with one mask ({@link #open}),
 * and the huge take compares the entry with "512 free, no flags", which excludes every flag.
 *
 * <p>Transitions are pure and return {@link #NO_UPDATE} when illegal. The four entries of a long
 * never overflow into each other: every transition checks its bounds first.
 */
public final class ChildEntry {
    public static final int BITS = 16;
    public static final long ENTRY_MASK = (1L << BITS) - 1;
    public static final int PER_LONG = Long.SIZE / BITS;
    public static final int FREE_BITS = 10;
    public static final int FREE_SHIFT = 0;
    public static final int FREE_MASK = ((1 << FREE_BITS) - 1) << FREE_SHIFT;
    public static final int HUGE_SHIFT = FREE_SHIFT + FREE_BITS;
    public static final int HUGE_MASK = 1 << HUGE_SHIFT;
    public static final int PAIR_SHIFT = HUGE_SHIFT + 1;
    public static final int PAIR_MASK = 1 << PAIR_SHIFT;
    public static final int EVACUATING_SHIFT = PAIR_SHIFT + 1;
    public static final int EVACUATING_MASK = 1 << EVACUATING_SHIFT;
    public static final int KIND_BITS = 2;
    public static final int KIND_SHIFT = EVACUATING_SHIFT + 1;
    public static final int KIND_MASK = ((1 << KIND_BITS) - 1) << KIND_SHIFT;
    public static final int GIANT_SHIFT = KIND_SHIFT + KIND_BITS;
    public static final int GIANT_MASK = 1 << GIANT_SHIFT;
    /** A child with any of these flags serves no get. */
    private static final int CLOSED_MASK = HUGE_MASK | EVACUATING_MASK | GIANT_MASK;
    /** A child with one of these flags is allocated (or being taken) whole; its row stays zero. */
    private static final int WHOLE_MASK = HUGE_MASK | GIANT_MASK;
    /** Multiplying an entry by this repeats it in all four slots of a long. */
    private static final long REPEAT = 0x0001_0001_0001_0001L;
    private static final long LANE_LOW = 0x7FFF;
    private static final long LANE_TOP = 0x8000;
    /** A long of four wholly free children without flags. */
    private static final long FREE_LONG = of(Geometry.CHILD_FRAMES) * REPEAT;
    /** Returned by transitions that do not apply. No long of entries is all ones: free never exceeds 512. */
    public static final long NO_UPDATE = -1L;

    static {
        if (1 << FREE_BITS <= Geometry.CHILD_FRAMES) {
            throw new AssertionError("FREE_BITS too small for CHILD_FRAMES");
        }
        if (GIANT_SHIFT >= BITS || dev.llfree.Kind.COUNT >= 1 << KIND_BITS) {
            throw new AssertionError("child entry overflows 16 bits");
        }
    }

    private ChildEntry() { }

    /** A fresh entry with {@code free} free frames. */
    public static int of(int free) {
        return free << FREE_SHIFT;
    }

    public static int free(int entry) {
        return (entry & FREE_MASK) >>> FREE_SHIFT;
    }

    public static boolean huge(int entry) {
        return (entry & HUGE_MASK) != 0;
    }

    public static boolean pair(int entry) {
        return (entry & PAIR_MASK) != 0;
    }

    public static boolean evacuating(int entry) {
        return (entry & EVACUATING_MASK) != 0;
    }

    public static boolean giant(int entry) {
        return (entry & GIANT_MASK) != 0;
    }

    /** Whether the child is allocated, or being taken, as a whole (huge or giant): its row then stays zero. */
    public static boolean whole(int entry) {
        return (entry & WHOLE_MASK) != 0;
    }

    /** The kind ordinal recorded for the child, or -1 if none. */
    public static int kind(int entry) {
        return ((entry & KIND_MASK) >>> KIND_SHIFT) - 1;
    }

    /** {@code word} with {@code kind} recorded for the child at {@code slot}; NO_UPDATE stays NO_UPDATE. */
    public static long withKind(long word, int slot, int kind) {
        if (word == NO_UPDATE) {
            return NO_UPDATE;
        }
        int e = get(word, slot);
        return with(word, slot, (e & ~KIND_MASK) | (kind + 1) << KIND_SHIFT);
    }

    /** Whether get may take small runs from the child: neither huge nor evacuating (one test for both flags). */
    public static boolean open(int entry) {
        return (entry & CLOSED_MASK) == 0;
    }

    /**
     * The children of {@code word} (four entries) that a small get of {@code order} may try: open (neither
     * huge, evacuating nor giant) with at least {@code 2^order} free. Returns the top bit of each such
     * entry's 16 bits set (bit {@code 16 slot + 15}), four entries tested at once without a loop.
     */
    public static long openWithRoom(long word, int order) {
        long room = word & (long) (FREE_MASK & -(1 << order)) * REPEAT; // each lane <= 0x3FF: no carry between lanes
        long closed = word & (long) CLOSED_MASK * REPEAT;
        long hasRoom = room + LANE_LOW * REPEAT & LANE_TOP * REPEAT;
        long isClosed = ((closed & LANE_LOW * REPEAT) + LANE_LOW * REPEAT | closed) & LANE_TOP * REPEAT;
        return hasRoom & ~isClosed;
    }

    /** Slot of child {@code child} in its long. */
    public static int slot(long child) {
        return (int) (child & (PER_LONG - 1));
    }

    /** Entry at {@code slot} of {@code word}. */
    public static int get(long word, int slot) {
        return (int) ((word >>> (slot * BITS)) & ENTRY_MASK);
    }

    /** {@code word} with the entry at {@code slot} replaced. */
    public static long with(long word, int slot, int entry) {
        int shift = slot * BITS;
        return (word & ~(ENTRY_MASK << shift)) | ((long) entry << shift);
    }

    /** Take {@code n} frames for a small (order &lt; 9) run; NO_UPDATE if huge, evacuating or fewer are free. */
    public static long take(long word, int slot, int n) {
        int e = get(word, slot);
        if (!open(e) || free(e) < n) {
            return NO_UPDATE;
        }
        return with(word, slot, e - (n << FREE_SHIFT));
    }

    /**
     * Give back {@code n} frames; NO_UPDATE if huge, giant or the count would exceed {@code capacity}. A child that
     * becomes wholly free forgets its kind (it serves any kind again, and {@link #takeHuge} sees exactly
     * {@code of(512)}).
     */
    public static long give(long word, int slot, int n, int capacity) {
        int e = get(word, slot);
        if (whole(e) || free(e) + n > capacity) {
            return NO_UPDATE;
        }
        int given = e + (n << FREE_SHIFT);
        return with(word, slot, free(given) == capacity ? given & ~KIND_MASK : given);
    }

    /**
     * Allocate the whole child as a huge frame (optionally as half of an order-10 pair); NO_UPDATE unless
     * wholly free and not evacuating. One comparison: a wholly free child without flags is exactly {@code of(512)}.
     */
    public static long takeHuge(long word, int slot, boolean pair) {
        if (get(word, slot) != of(Geometry.CHILD_FRAMES)) {
            return NO_UPDATE;
        }
        return with(word, slot, HUGE_MASK | (pair ? PAIR_MASK : 0));
    }

    /**
     * Free a huge child allocated with the same {@code pair}, first step: the flag goes, the counter stays
     * at 0 (it under-reports, which is always allowed), so no get can take the child until {@link #give}
     * releases its frames after the cleared flag is durable. NO_UPDATE otherwise.
     */
    public static long putHuge(long word, int slot, boolean pair) {
        int e = get(word, slot);
        if (!huge(e) || pair(e) != pair) {
            return NO_UPDATE;
        }
        return with(word, slot, of(0));
    }

    /** Order-10 frame: both children of the aligned pair at {@code slot} (even) become huge. */
    public static long takePair(long word, int slot) {
        long first = takeHuge(word, slot, true);
        return first == NO_UPDATE ? NO_UPDATE : takeHuge(first, slot + 1, true);
    }

    /** Order-10 free, first step: both children of the aligned pair at {@code slot} (even) lose their flags. */
    public static long putPair(long word, int slot) {
        long first = putHuge(word, slot, true);
        return first == NO_UPDATE ? NO_UPDATE : putHuge(first, slot + 1, true);
    }

    /**
     * Giant get, four children at a time: every entry of {@code word} must be wholly free without flags
     * ({@code of(512)}), and all become giant with {@code kind} recorded; NO_UPDATE otherwise.
     */
    public static long markGiant(long word, int kind) {
        return word == FREE_LONG ? (GIANT_MASK | (kind + 1) << KIND_SHIFT) * REPEAT : NO_UPDATE;
    }

    /** Giant put (or the undo of a get): four giant children (free 0, no flag but a kind) become wholly free. */
    public static long releaseGiant(long word) {
        return (word & ~(KIND_MASK * REPEAT)) == GIANT_MASK * REPEAT ? FREE_LONG : NO_UPDATE;
    }

    /** Mark the child evacuating (compaction); NO_UPDATE if it is huge or already marked. */
    public static long markEvacuating(long word, int slot) {
        int e = get(word, slot);
        if (!open(e)) {
            return NO_UPDATE;
        }
        return with(word, slot, e | EVACUATING_MASK);
    }

    /** Clear the evacuating mark; NO_UPDATE if the child is not marked. */
    public static long clearEvacuating(long word, int slot) {
        int e = get(word, slot);
        if (!evacuating(e)) {
            return NO_UPDATE;
        }
        return with(word, slot, e & ~EVACUATING_MASK);
    }

    /**
     * Mark the child for an exclusive get of {@code order} (get-to): like {@link #markEvacuating}, but only if
     * the child can serve the run: at least {@code 2^order} free for a small run, wholly free (exactly
     * {@code of(512)}) for order 9, and for order 10 both children of the aligned pair at {@code slot} (even)
     * wholly free (both are marked). NO_UPDATE otherwise.
     */
    public static long markExclusive(long word, int slot, int order) {
        if (order > Geometry.CHILD_ORDER) {
            long first = markExclusive(word, slot, Geometry.CHILD_ORDER);
            return first == NO_UPDATE ? NO_UPDATE : markExclusive(first, slot + 1, Geometry.CHILD_ORDER);
        }
        int e = get(word, slot);
        boolean fits = order == Geometry.CHILD_ORDER ? e == of(Geometry.CHILD_FRAMES) : open(e) && free(e) >= 1 << order;
        return fits ? with(word, slot, e | EVACUATING_MASK) : NO_UPDATE;
    }

    /** Take {@code n} frames of a child marked by {@link #markExclusive}; NO_UPDATE if not marked or too few free. */
    public static long takeMarked(long word, int slot, int n) {
        int e = get(word, slot);
        if (!evacuating(e) || huge(e) || free(e) < n) {
            return NO_UPDATE;
        }
        return with(word, slot, e - (n << FREE_SHIFT));
    }

    /** The whole marked, wholly free child becomes huge (half of a pair with {@code pair}), unmarked; else NO_UPDATE. */
    public static long takeHugeMarked(long word, int slot, boolean pair) {
        if (get(word, slot) != (of(Geometry.CHILD_FRAMES) | EVACUATING_MASK)) {
            return NO_UPDATE;
        }
        return with(word, slot, HUGE_MASK | (pair ? PAIR_MASK : 0));
    }

    /** Decoded view for stats and messages; never used in CAS loops. */
    public record View(int free, boolean huge, boolean pair, boolean evacuating, boolean giant) {
        @Override
        public String toString() {
            return "{free=" + free + (huge ? ", huge" : "") + (pair ? ", pair" : "") + (evacuating ? ", evacuating" : "")
                + (giant ? ", giant" : "") + "}";
        }
    }

    public static View decode(int entry) {
        return new View(free(entry), huge(entry), pair(entry), evacuating(entry), giant(entry));
    }
}
