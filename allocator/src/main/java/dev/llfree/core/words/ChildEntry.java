package dev.llfree.core.words;

import dev.llfree.Kind;
import dev.llfree.core.Geometry;

/**
 * Child entry codec: 16 bits per 2 MiB child, four packed into one {@code long} so that a child
 * update is a CAS on that long (segment VarHandles have no 16-bit CAS), and an order-10 frame,
 * whose two children always share a long, is a single CAS. {@link ChildWords} owns the longs.
 *
 * <pre>
 *  long:   | 63..48 child 4k+3 | 47..32 child 4k+2 | 31..16 child 4k+1 | 15..0 child 4k |
 *  entry:  | 15 giant | 14..13 kind | 12 held | 11 pair | 10 huge | 9..0 free (0..512) |
 * </pre>
 *
 * <ul>
 *   <li>{@code huge}: the child is allocated as one 2 MiB frame (its bitfield row stays zero, free = 0);
 *       with {@code pair} it is half of an order-10 (4 MiB) frame, which lets put reject a wrong order.</li>
 *   <li>{@code held}: one owner keeps every get out of the child: compaction while it evacuates the child,
 *       get-to while it claims a run there, put-from while it frees one. Get takes nothing from a held child
 *       (neither small runs nor the whole child); put still frees into it. Only a child that is not huge
 *       can be held, and a held child cannot become huge (except through its holder's claim), so the flag
 *       never meets {@code huge}. Volatile in meaning: recovery clears it.</li>
 *   <li>{@code kind}: the {@link Kind} (ordinal + 1; 0 = none) of the gets that took frames from the child,
 *       written by the same CAS that takes them and cleared when the child is wholly free again, so a
 *       closed pool still tells which kind its memory serves. Advisory: not flushed on its own.</li>
 *   <li>{@code giant}: the child is one of the 512 children of a 1 GiB frame ({@link dev.llfree.core.lower.GiantFrames}), free = 0
 *       and its row zero; the flag alone is only "pending": the region's giant bit is the truth. Set and
 *       cleared four children (one long) at a time, only on wholly free children without flags.</li>
 * </ul>
 *
 * <p>Hot path: get tests {@code huge}, {@code held} and {@code giant} with one mask ({@link #open}), and
 * the huge take compares the entry with "512 free, no flags", which excludes every flag.
 *
 * <p>Transitions are pure, return {@link #NO_UPDATE} when they do not apply and return {@link #NO_UPDATE}
 * when given it, so any chain of them stops at the first refusal. The four entries of a long never
 * overflow into each other: every transition checks its bounds first.
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
    public static final int HELD_SHIFT = PAIR_SHIFT + 1;
    public static final int HELD_MASK = 1 << HELD_SHIFT;
    public static final int KIND_BITS = 2;
    public static final int KIND_SHIFT = HELD_SHIFT + 1;
    public static final int KIND_MASK = ((1 << KIND_BITS) - 1) << KIND_SHIFT;
    public static final int GIANT_SHIFT = KIND_SHIFT + KIND_BITS;
    public static final int GIANT_MASK = 1 << GIANT_SHIFT;
    /** A child with any of these flags serves no get. */
    private static final int CLOSED_MASK = HUGE_MASK | HELD_MASK | GIANT_MASK;
    /** A child with one of these flags is allocated (or being taken) whole; its row stays zero. */
    private static final int WHOLE_MASK = HUGE_MASK | GIANT_MASK;
    /** Multiplying an entry by this repeats it in all four slots of a long. */
    private static final long REPEAT = 0x0001_0001_0001_0001L;
    private static final long LANE_LOW = 0x7FFF;
    private static final long LANE_TOP = 0x8000;
    /** A wholly free child without flags: what a huge get takes. */
    private static final int FREE_CHILD = Geometry.CHILD_FRAMES << FREE_SHIFT;
    /** A long of four wholly free children without flags. */
    private static final long FREE_LONG = FREE_CHILD * REPEAT;
    /** Returned by transitions that do not apply. No long of entries is all ones: free never exceeds 512. */
    public static final long NO_UPDATE = -1L;

    static {
        if (1 << FREE_BITS <= Geometry.CHILD_FRAMES) {
            throw new AssertionError("FREE_BITS too small for CHILD_FRAMES");
        }
        if (GIANT_SHIFT >= BITS || Kind.COUNT >= 1 << KIND_BITS) {
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

    public static boolean held(int entry) {
        return (entry & HELD_MASK) != 0;
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

    /** Whether get may take small runs from the child: neither huge, held nor giant (one test for the three). */
    public static boolean open(int entry) {
        return (entry & CLOSED_MASK) == 0;
    }

    /**
     * The definition of a free huge frame: a whole 2 MiB child, wholly free and without flags, so a huge get
     * could take it now.
     */
    public static boolean freeHuge(int entry) {
        return (entry & ~KIND_MASK) == FREE_CHILD;
    }

    /**
     * The children of {@code word} (four entries) that a small get of {@code order} may try: open with at
     * least {@code 2^order} free. Returns the top bit of each such entry's 16 bits set (bit
     * {@code 16 slot + 15}), four entries tested at once without a loop.
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

    // ---------------------------------------------------------------------------------------- get and put

    /** Runs of {@code 2^order} frames (at most {@code max}) a small get may reserve in the child. */
    public static int runs(int entry, int order, int max) {
        return open(entry) ? Math.min(max, free(entry) >>> order) : 0;
    }

    /**
     * A small get (order below 9): reserve {@link #runs} runs and record {@code kind}; NO_UPDATE if none.
     * The runs reserved are {@code runs(get(old, slot), order, max)} of the replaced long.
     */
    public static long reserve(long word, int slot, int order, int max, int kind) {
        if (word == NO_UPDATE) {
            return NO_UPDATE;
        }
        int e = get(word, slot);
        int runs = runs(e, order, max);
        return runs == 0 ? NO_UPDATE : with(word, slot, withKind(e, kind) - (runs << order << FREE_SHIFT));
    }

    /**
     * Give back {@code n} frames; NO_UPDATE if the child is huge or giant or the count would exceed
     * {@code capacity}. A child that becomes wholly free forgets its kind (it serves any kind again, and a huge
     * get sees exactly a free child).
     */
    public static long give(long word, int slot, int n, int capacity) {
        if (word == NO_UPDATE) {
            return NO_UPDATE;
        }
        int e = get(word, slot);
        if (whole(e) || free(e) + n > capacity) {
            return NO_UPDATE;
        }
        int given = e + (n << FREE_SHIFT);
        return with(word, slot, free(given) == capacity ? given & ~KIND_MASK : given);
    }

    /**
     * A huge get: the child at {@code slot} (order 9), or the aligned pair at even {@code slot} (order 10),
     * wholly free without flags, becomes huge (and pair) with {@code kind} recorded; NO_UPDATE otherwise.
     */
    public static long takeHuge(long word, int slot, boolean pair, int kind) {
        if (!pair) {
            return takeChild(word, slot, 0, kind);
        }
        return takeChild(takeChild(word, slot, PAIR_MASK, kind), slot + 1, PAIR_MASK, kind);
    }

    private static long takeChild(long word, int slot, int pair, int kind) {
        if (word == NO_UPDATE || get(word, slot) != FREE_CHILD) {
            return NO_UPDATE;
        }
        return with(word, slot, withKind(HUGE_MASK | pair, kind));
    }

    /**
     * Frees a huge child, or the aligned pair at even {@code slot}, allocated with the same {@code pair}, first
     * step: the flags go, the counters stay at 0 (they under-report, which is always allowed), so no get can
     * take the frames until {@link #giveHuge} releases them after the cleared flags are durable. NO_UPDATE if
     * the child (or either child of the pair) is not allocated that way.
     */
    public static long clearHuge(long word, int slot, boolean pair) {
        if (!pair) {
            return clearChild(word, slot, 0);
        }
        return clearChild(clearChild(word, slot, PAIR_MASK), slot + 1, PAIR_MASK);
    }

    private static long clearChild(long word, int slot, int pair) {
        if (word == NO_UPDATE) {
            return NO_UPDATE;
        }
        int e = get(word, slot);
        return huge(e) && (e & PAIR_MASK) == pair ? with(word, slot, of(0)) : NO_UPDATE;
    }

    /** The second step of freeing a huge child (or pair): 512 frames back to the child (each of the two). */
    public static long giveHuge(long word, int slot, boolean pair) {
        long first = give(word, slot, Geometry.CHILD_FRAMES, Geometry.CHILD_FRAMES);
        return pair ? give(first, slot + 1, Geometry.CHILD_FRAMES, Geometry.CHILD_FRAMES) : first;
    }

    /**
     * Giant get, four children at a time: every entry of {@code word} must be wholly free without flags, and
     * all become giant with {@code kind} recorded; NO_UPDATE otherwise.
     */
    public static long markGiant(long word, int kind) {
        return word == FREE_LONG ? withKind(GIANT_MASK, kind) * REPEAT : NO_UPDATE;
    }

    /** Giant put (or the undo of a get): four giant children (free 0, no flag but a kind) become wholly free. */
    public static long releaseGiant(long word) {
        return (word & ~(KIND_MASK * REPEAT)) == GIANT_MASK * REPEAT ? FREE_LONG : NO_UPDATE;
    }

    // ---------------------------------------------------------------------------------------- holds

    /** Compaction's hold: the child becomes held; NO_UPDATE if it is huge, giant or held already. */
    public static long hold(long word, int slot) {
        if (word == NO_UPDATE) {
            return NO_UPDATE;
        }
        int e = get(word, slot);
        return open(e) ? with(word, slot, e | HELD_MASK) : NO_UPDATE;
    }

    /** Ends a hold of the child at {@code slot}, or of the aligned pair at even {@code slot}; NO_UPDATE if one is not held. */
    public static long unhold(long word, int slot, boolean pair) {
        long first = unholdChild(word, slot);
        return pair ? unholdChild(first, slot + 1) : first;
    }

    private static long unholdChild(long word, int slot) {
        if (word == NO_UPDATE) {
            return NO_UPDATE;
        }
        int e = get(word, slot);
        return held(e) ? with(word, slot, e & ~HELD_MASK) : NO_UPDATE;
    }

    /**
     * get-to's hold for a run of {@code order}: like {@link #hold}, but only if the child can serve the run: at
     * least {@code 2^order} free for a small run, wholly free for order 9, and for order 10 both children of
     * the aligned pair at even {@code slot} wholly free (both become held). NO_UPDATE otherwise.
     */
    public static long holdFor(long word, int slot, int order) {
        if (order > Geometry.CHILD_ORDER) {
            return holdFor(holdFor(word, slot, Geometry.CHILD_ORDER), slot + 1, Geometry.CHILD_ORDER);
        }
        if (word == NO_UPDATE) {
            return NO_UPDATE;
        }
        int e = get(word, slot);
        boolean fits = order == Geometry.CHILD_ORDER ? e == FREE_CHILD : open(e) && free(e) >= 1 << order;
        return fits ? with(word, slot, e | HELD_MASK) : NO_UPDATE;
    }

    /** Takes {@code n} frames of a child held by {@link #holdFor}, recording {@code kind}; NO_UPDATE if not held or too few free. */
    public static long takeHeld(long word, int slot, int n, int kind) {
        if (word == NO_UPDATE) {
            return NO_UPDATE;
        }
        int e = get(word, slot);
        if (!held(e) || huge(e) || free(e) < n) {
            return NO_UPDATE;
        }
        return with(word, slot, withKind(e, kind) - (n << FREE_SHIFT));
    }

    /**
     * The held, wholly free child (order 9) or pair at even {@code slot} (order 10) becomes huge with {@code kind}
     * recorded, which ends the hold; NO_UPDATE otherwise.
     */
    public static long takeHugeHeld(long word, int slot, boolean pair, int kind) {
        return takeHuge(unhold(word, slot, pair), slot, pair, kind);
    }

    // ---------------------------------------------------------------------------------------- recovery

    /**
     * The entry recovery writes for a child whose row has {@code allocated} bits set (the missing frames of a
     * partial last child included) and {@code capacity} frames: the huge/pair flags and the giant flag where
     * {@code giantCommitted} (its region's bit is set) are kept with the kind; otherwise the counter is counted
     * anew ({@link #counted}), and marks that are volatile in meaning (held, a giant flag under a clear bit)
     * are dropped.
     */
    public static int rebuilt(int entry, int allocated, int capacity, boolean giantCommitted) {
        if (huge(entry)) {
            return entry & (HUGE_MASK | PAIR_MASK | KIND_MASK);
        }
        if (giant(entry) && giantCommitted) {
            return entry & (GIANT_MASK | KIND_MASK);
        }
        return counted(Geometry.CHILD_FRAMES - allocated, capacity, entry & KIND_MASK);
    }

    /** A child of small runs with {@code free} free frames, keeping {@code kindBits} unless it is wholly free. */
    public static int counted(int free, int capacity, int kindBits) {
        return of(free) | (free == capacity ? 0 : kindBits & KIND_MASK);
    }

    /** {@code entry} with {@code kind} (an ordinal) recorded. */
    private static int withKind(int entry, int kind) {
        return (entry & ~KIND_MASK) | (kind + 1) << KIND_SHIFT;
    }

    /** Decoded view for stats and messages; never used in CAS loops. */
    public record View(int free, boolean huge, boolean pair, boolean held, boolean giant) {
        @Override
        public String toString() {
            return "{free=" + free + (huge ? ", huge" : "") + (pair ? ", pair" : "") + (held ? ", held" : "")
                + (giant ? ", giant" : "") + "}";
        }
    }

    public static View decode(int entry) {
        return new View(free(entry), huge(entry), pair(entry), held(entry), giant(entry));
    }
}
