package dev.llfree.lower;

import static dev.llfree.internal.Checks.hex;

import dev.llfree.CorruptedAllocatorException;
import dev.llfree.DoubleFreeException;
import dev.llfree.FrameAllocator;
import dev.llfree.internal.Atomics;
import dev.llfree.internal.Geometry;
import dev.llfree.persist.Memory;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The lower allocator: bitfields, child entries and giant bits in one segment (see {@link LowerLayout});
 * giant (1 GiB) frames are {@link GiantFrames}.
 * It is the persistent truth: every counter above it is derived.
 *
 * <p>get (top-down): reserve capacity in the child entry (CAS), then set the run's bits (CAS; the
 * linearization point), so a child's {@code free} never over-reports. put (bottom-up): clear the bits
 * with a CAS that requires them all set (the linearization point; a clear bit is a double free and
 * nothing changes), then give the capacity back to the child. Huge frames (order 9) and order-10
 * frames are one CAS on the child entries alone; the bitfield rows stay zero.
 *
 * <p>Callers choose the tree and own the upper counters; this class searches the tree's children,
 * starting at a hint so that consecutive gets of one core land in the same word.
 *
 * <p>Persistence (where the memory {@link dev.llfree.persist.Durability#flushes() flushes}): the
 * bitfields and the huge/pair flags are the truth, the free counters are derived and never flushed
 * during operation. A get flushes the line it set bits in (a child row is one line; for a huge frame,
 * the tree's child line) and drains before it returns; a put does the same after clearing. So a
 * returned frame is allocated in every later crash image, and a returned put is durable. Batches flush
 * each touched line once and drain once.
 */
public final class Lower {
    private static final VarHandle LONG = Atomics.SEGMENT_LONG;
    private static final int MULTI_WORD_MIN_ORDER = Bitfield.MAX_WORD_ORDER + 1;

    private final Memory memory;
    private final boolean flushes;
    private final MemorySegment segment;
    private final long bitfieldOffset;
    private final long childOffset;
    private final long frames;
    private final long children;
    private final int lastChildCapacity;
    private final GiantFrames giant;

    public Lower(Memory memory, long base, long frames) {
        this.memory = memory;
        this.flushes = memory.durability().flushes();
        this.segment = memory.segment();
        this.bitfieldOffset = LowerLayout.bitfieldOffset(base);
        this.childOffset = LowerLayout.childOffset(base, frames);
        this.frames = frames;
        this.children = Geometry.children(frames);
        this.lastChildCapacity = (int) Geometry.childCapacity(children - 1, frames);
        this.giant = new GiantFrames(this, segment, LowerLayout.giantOffset(base, frames), frames);
    }

    /** The giant (1 GiB) frames of this lower allocator. */
    public GiantFrames giant() {
        return giant;
    }

    /** Writes the state "every frame free" (frames past the end of a partial last child stay allocated). */
    public void initialize() {
        segment.asSlice(bitfieldOffset, LowerLayout.bytes(frames)).fill((byte) 0);
        for (long child = 0; child < children; child++) {
            long off = childWordOffset(child);
            long word = (long) LONG.get(segment, off);
            LONG.set(segment, off, ChildEntry.with(word, ChildEntry.slot(child), ChildEntry.of(capacity(child))));
        }
        if (lastChildCapacity < Geometry.CHILD_FRAMES) {
            long last = children - 1;
            for (int bit = lastChildCapacity; bit < Geometry.CHILD_FRAMES; bit++) {
                long w = last * Geometry.ROW_WORDS + bit / Geometry.WORD_BITS;
                long word = (long) LONG.get(segment, wordOffset(w));
                LONG.set(segment, wordOffset(w), word | 1L << (bit % Geometry.WORD_BITS));
            }
        }
    }

    public long frames() {
        return frames;
    }

    MemorySegment segment() {
        return segment;
    }

    public long children() {
        return children;
    }

    /** Frames child {@code child} has (512 except a partial last child). */
    public int capacity(long child) {
        return child == children - 1 ? lastChildCapacity : Geometry.CHILD_FRAMES;
    }

    /** The 16-bit entry of {@code child}. */
    public int childEntry(long child) {
        return ChildEntry.get((long) LONG.getAcquire(segment, childWordOffset(child)), ChildEntry.slot(child));
    }

    /** Set bits in child {@code c}'s row: allocated frames, plus the missing frames of a partial last child. */
    public int allocatedInRow(long c) {
        int allocated = 0;
        for (long w = c * Geometry.ROW_WORDS; w < (c + 1) * Geometry.ROW_WORDS; w++) {
            allocated += Long.bitCount(word(w));
        }
        return allocated;
    }

    /**
     * Whether child {@code c} is allocated as a whole: huge, or part of a giant frame whose bit is set. Its row
     * is then zero. (A giant flag under a clear bit is pending: the row tells what is allocated.)
     */
    public boolean allocatedWhole(long c) {
        int e = childEntry(c);
        return ChildEntry.huge(e) || ChildEntry.giant(e) && giant.committed(Geometry.giantOfChild(c));
    }

    /**
     * Recovery, after every child was checked (no huge flag over set bits, no broken order-10 pair, a set giant
     * bit over giant children only): sets child {@code c}'s counter from its row, keeps the huge/pair flags, the
     * giant flag where the region's bit is set, and the recorded kind (forgotten once the child is wholly free),
     * and drops marks that are volatile in meaning (evacuating, giant flags of a region whose bit is clear:
     * a giant get that did not commit, or a put that did). Only while no other thread uses the allocator.
     *
     * @return whether the stored entry was wrong
     */
    public boolean rebuildChild(long c) {
        int entry = childEntry(c);
        int free = Geometry.CHILD_FRAMES - allocatedInRow(c);
        int rebuilt = ChildEntry.huge(entry)
            ? entry & (ChildEntry.HUGE_MASK | ChildEntry.PAIR_MASK | ChildEntry.KIND_MASK)
            : allocatedWhole(c) ? entry & (ChildEntry.GIANT_MASK | ChildEntry.KIND_MASK)
            : ChildEntry.of(free) | (free == capacity(c) ? 0 : entry & ChildEntry.KIND_MASK);
        if (entry == rebuilt) {
            return false;
        }
        long off = childWordOffset(c);
        LONG.setRelease(segment, off, ChildEntry.with((long) LONG.getAcquire(segment, off), ChildEntry.slot(c), rebuilt));
        return true;
    }

    /** Bitfield word {@code index} (global word index = frame / 64). */
    public long word(long index) {
        return (long) LONG.getAcquire(segment, wordOffset(index));
    }

    // ---------------------------------------------------------------------------------------- get

    /**
     * Allocates one run of {@code 2^order} frames in {@code tree}, searching its children from the one
     * holding {@code hint}, or if the hint is not in the tree ({@link FrameAllocator#NO_FRAME}) from the
     * first child. Runs of orders 1..8 ({@link #fromTop}) search downwards, from the tree's last child with
     * room if {@code top} or the hint is not in the tree. The caller has already taken the frames from the
     * tree's counters.
     *
     * @param kind the kind ordinal recorded in the child the run comes from
     * @return the first frame, or {@link FrameAllocator#NO_FRAME} if no child of the tree has such a run
     */
    public long get(long tree, long hint, boolean top, int order, int kind) {
        long first = Geometry.firstChildOfTree(tree);
        long end = Math.min(children, first + Geometry.TREE_CHILDREN);
        long start = startChild(hint, top, first, end, order);
        for (long c = start, i = 0; i < end - first; i++) {
            long frame = order >= Geometry.CHILD_ORDER ? takeHuge(c, order, true, kind) : takeSmall(c, order, hint, kind);
            if (frame >= 0) {
                return frame;
            }
            c = next(c, first, end, order);
        }
        return FrameAllocator.NO_FRAME;
    }

    /**
     * The last child of {@code [first, end)} that is open with room for a run of {@code order}, found four
     * children at a time from their shared entry long ({@link ChildEntry#openWithRoom}); {@code end - 1} if
     * none (the search then finds nothing, as the counters said). RACE(benign): the entries may change
     * before the child is taken; the search goes on downwards from here.
     */
    private long topChildWithRoom(long first, long end, int order) {
        for (long c = end - 1 & -ChildEntry.PER_LONG; c >= first; c -= ChildEntry.PER_LONG) {
            long candidates = ChildEntry.openWithRoom((long) LONG.getAcquire(segment, childWordOffset(c)), order);
            if (candidates != 0) {
                return Math.min(end - 1, c + (63 - Long.numberOfLeadingZeros(candidates)) / ChildEntry.BITS);
            }
        }
        return end - 1;
    }

    /**
     * Allocates up to {@code max} runs of {@code 2^order} frames in {@code tree} into
     * {@code out[pos..]}, taking each child's counter once for all the runs it can hold.
     *
     * @return the runs allocated
     */
    public int getBatch(long tree, long hint, boolean top, int order, int kind, long[] out, int pos, int max) {
        long first = Geometry.firstChildOfTree(tree);
        long end = Math.min(children, first + Geometry.TREE_CHILDREN);
        long start = startChild(hint, top, first, end, order);
        int got = 0;
        for (long c = start, i = 0; i < end - first && got < max; i++) {
            if (order >= Geometry.CHILD_ORDER) {
                long frame = takeHuge(c, order, false, kind);
                if (frame >= 0) {
                    out[pos + got++] = frame;
                }
            } else {
                int runs = reserveChild(c, order, max - got, kind);
                if (runs > 0) {
                    int filled = claimRuns(c, order, runs, out, pos + got);
                    if (filled < runs) {
                        releaseChild(c, (runs - filled) << order); // UNDO: capacity the bitfield could not serve
                    }
                    got += filled;
                }
            }
            c = next(c, first, end, order);
        }
        drain(); // PERSIST: every line of the batch was flushed; one fence makes them all durable before return
        return got;
    }

    /**
     * Compaction: allocates one run of {@code 2^order} frames (order &lt; 9) in child {@code c}, which must
     * not be evacuating, and makes it durable. The caller has already taken the frames from the counters
     * of the child's tree.
     *
     * @return the first frame, or {@link FrameAllocator#NO_FRAME} if the child has no such free run
     */
    public long getInChild(long c, int order, int kind) {
        return takeSmall(c, order, Geometry.firstFrameOfChild(c), kind);
    }

    /**
     * Marks child {@code c} evacuating: from the CAS on, no get takes frames from it (put still frees
     * into it). Gets that reserved capacity in the child before the CAS may still set their bits.
     * Not flushed: the mark is volatile in meaning, and recovery clears it.
     *
     * @return false if the child is huge or already marked
     */
    public boolean markEvacuating(long c) {
        return setEvacuating(c, true);
    }

    /** Clears child {@code c}'s evacuating mark, set by the caller's {@link #markEvacuating}. */
    public void clearEvacuating(long c) {
        if (!setEvacuating(c, false)) {
            throw new CorruptedAllocatorException("child " + c + ": evacuating mark cleared twice, entry "
                + ChildEntry.decode(childEntry(c)));
        }
    }

    private boolean setEvacuating(long c, boolean mark) {
        long off = childWordOffset(c);
        int slot = ChildEntry.slot(c);
        long prev;
        long next;
        do {
            prev = (long) LONG.getAcquire(segment, off);
            next = mark ? ChildEntry.markEvacuating(prev, slot) : ChildEntry.clearEvacuating(prev, slot);
            if (next == ChildEntry.NO_UPDATE) {
                return false;
            }
        } while (!LONG.compareAndSet(segment, off, prev, next)); // LP(mark/unmark); a failed CAS: another update of the long won
        return true;
    }

    /**
     * Whether runs of {@code order} fill a tree from its top (orders 1..8: the last child with room, the top
     * of its row, the highest run of a word) while single frames fill it from the bottom: size segregation,
     * so that runs freed at the top stay aligned holes for the next runs (see docs/design.md).
     */
    public static boolean fromTop(int order) {
        return order > 0 && order < Geometry.CHILD_ORDER;
    }

    /**
     * First child to search: for runs of orders 1..8 (see {@link #fromTop}) the last child with room if
     * {@code top} or the hint is not in the tree; else the hint's child when it lies in the tree, aligned for
     * order 10, or the first child.
     */
    private long startChild(long hint, boolean top, long first, long end, int order) {
        long c = Geometry.childOf(hint);
        boolean inTree = c >= first && c < end;
        if (fromTop(order) && (top || !inTree)) {
            return topChildWithRoom(first, end, order);
        }
        c = inTree ? c : first;
        return order > Geometry.CHILD_ORDER ? c & ~1L : c;
    }

    /**
     * The next child to search, wrapping inside {@code [first, end)}: downwards for runs of orders 1..8,
     * upwards otherwise; order 10 visits even children only.
     */
    private static long next(long c, long first, long end, int order) {
        if (fromTop(order)) {
            return c == first ? end - 1 : c - 1;
        }
        long n = c + (order > Geometry.CHILD_ORDER ? 2 : 1);
        return n >= end ? first : n;
    }

    /** One small run in child {@code c}: counter first, then bits; the counter is given back if the bits fail. */
    private long takeSmall(long c, int order, long hint, int kind) {
        if (reserveChild(c, order, 1, kind) == 0) {
            return FrameAllocator.NO_FRAME;
        }
        long frame = order < MULTI_WORD_MIN_ORDER
            ? claimInRow(c, order, Geometry.wordOf(hint))
            : claimWords(c, order);
        if (frame < 0) {
            releaseChild(c, 1 << order); // UNDO: the counter promised a run the (fragmented) row lacks
        } else {
            // PERSIST: the row's line before returning; a crash before this leaves the bits set or clear,
            // either way a frame nobody was given: at most one leaked run per get in flight.
            persist(rowOffset(c));
        }
        return frame;
    }

    /**
     * Reserves capacity for up to {@code max} runs of {@code 2^order} frames in child {@code c}.
     * Lock-free: a failed CAS means another thread's CAS on this long won.
     *
     * @return runs reserved (0 if the child is huge or has less than one run free)
     */
    private int reserveChild(long c, int order, int max, int kind) {
        long off = childWordOffset(c);
        int slot = ChildEntry.slot(c);
        long prev;
        long next;
        int runs;
        do {
            prev = (long) LONG.getAcquire(segment, off);
            int e = ChildEntry.get(prev, slot);
            runs = ChildEntry.open(e) ? Math.min(max, ChildEntry.free(e) >>> order) : 0; // huge or evacuating: none
            if (runs == 0) {
                return 0;
            }
            next = ChildEntry.withKind(ChildEntry.take(prev, slot, runs << order), slot, kind); // kind: same CAS
        } while (!LONG.compareAndSet(segment, off, prev, next)); // reservation of capacity, not yet the LP
        return runs;
    }

    /** Gives {@code n} frames back to child {@code c}'s counter; a failure means the counters are corrupt. */
    private void releaseChild(long c, int n) {
        long off = childWordOffset(c);
        int slot = ChildEntry.slot(c);
        long prev;
        long next;
        do {
            prev = (long) LONG.getAcquire(segment, off);
            next = ChildEntry.give(prev, slot, n, capacity(c));
            if (next == ChildEntry.NO_UPDATE) {
                throw new CorruptedAllocatorException("child " + c + ": cannot give back " + n + " frames to entry "
                    + ChildEntry.decode(ChildEntry.get(prev, slot)) + " (capacity " + capacity(c) + ")");
            }
        } while (!LONG.compareAndSet(segment, off, prev, next));
    }

    /** Order 9 (one child) or 10 (an aligned pair): one CAS on the child entries; the LP of such a get. */
    private long takeHuge(long c, int order, boolean drain, int kind) {
        boolean pair = order > Geometry.CHILD_ORDER;
        if (pair && c + 1 >= children) {
            return FrameAllocator.NO_FRAME;
        }
        long off = childWordOffset(c);
        int slot = ChildEntry.slot(c);
        long prev;
        long next;
        do {
            prev = (long) LONG.getAcquire(segment, off);
            next = pair ? ChildEntry.withKind(ChildEntry.takePair(prev, slot), slot + 1, kind)
                : ChildEntry.takeHuge(prev, slot, false);
            next = ChildEntry.withKind(next, slot, kind);
            if (next == ChildEntry.NO_UPDATE) {
                return FrameAllocator.NO_FRAME;
            }
        } while (!LONG.compareAndSet(segment, off, prev, next)); // LP(get huge)
        // PERSIST: the tree's child line holds the huge flag(s), the truth for huge frames; neighbours'
        // free counters written back with it are derived and recomputed by recovery.
        flush(off);
        if (drain) {
            drain();
        }
        return Geometry.firstFrameOfChild(c);
    }

    /** One run of order 0..6 in child {@code c}'s row, starting at word {@code hintWord} if it is in the row. */
    private long claimInRow(long c, int order, long hintWord) {
        long row = c * Geometry.ROW_WORDS;
        boolean down = fromTop(order); // runs from the top of the row, single frames upwards (see fromTop)
        boolean hintInRow = hintWord >= row && hintWord < row + Geometry.ROW_WORDS;
        int start = down && !hintInRow ? Geometry.ROW_WORDS - 1 : (int) (hintWord - row) & (Geometry.ROW_WORDS - 1);
        for (int i = 0; i < Geometry.ROW_WORDS; i++) {
            long w = row + ((down ? start - i : start + i) & (Geometry.ROW_WORDS - 1));
            long claimed = claimInWord(w, order, 1);
            if (claimed != 0) {
                return w * Geometry.WORD_BITS + Long.numberOfTrailingZeros(claimed);
            }
        }
        return FrameAllocator.NO_FRAME;
    }

    /** Up to {@code runs} runs in child {@code c} into {@code out[pos..]}; returns how many. */
    private int claimRuns(long c, int order, int runs, long[] out, int pos) {
        int filled = 0;
        if (order >= MULTI_WORD_MIN_ORDER) {
            for (long frame; filled < runs && (frame = claimWords(c, order)) >= 0; ) {
                out[pos + filled++] = frame;
            }
            if (filled > 0) {
                flush(rowOffset(c)); // PERSIST: once per row; the batch drains once at its end
            }
            return filled;
        }
        long row = c * Geometry.ROW_WORDS;
        for (int i = 0; i < Geometry.ROW_WORDS && filled < runs; i++) {
            long w = row + i;
            for (long claimed = claimInWord(w, order, runs - filled); claimed != 0; filled++) {
                int bit = Long.numberOfTrailingZeros(claimed);
                out[pos + filled] = w * Geometry.WORD_BITS + bit;
                claimed &= ~Bitfield.runMask(bit, order);
            }
        }
        if (filled > 0) {
            flush(rowOffset(c)); // PERSIST: once per row; the batch drains once at its end
        }
        return filled;
    }

    /**
     * Sets the bits of up to {@code max} free aligned runs in word {@code w}.
     *
     * @return the bits set (0 if the word has no free run)
     */
    private long claimInWord(long w, int order, int max) {
        long off = wordOffset(w);
        long prev;
        long claim;
        do {
            prev = (long) LONG.getAcquire(segment, off);
            long runs = Bitfield.freeRuns(prev, order);
            claim = fromTop(order) && max == 1 ? Bitfield.lastRun(runs, order) : Bitfield.firstRuns(runs, order, max);
            if (claim == 0) {
                return 0;
            }
        } while (!LONG.compareAndSet(segment, off, prev, prev | claim)); // LP(get): the bits are set
        return claim;
    }

    /**
     * Orders 7 and 8: 2 or 4 whole words set {@code 0 -> ~0} one CAS at a time, in ascending order.
     * A CAS that fails (another run or frame took the word meanwhile) undoes the words already set
     * and the next aligned group is tried. The LP is the CAS of the last word. RACE(benign): two
     * claimers of one group can make each other fail; both undo, nothing is lost, callers move on.
     */
    private long claimWords(long c, int order) {
        int words = 1 << (order - Geometry.WORD_ORDER);
        long row = c * Geometry.ROW_WORDS;
        for (long g = row; g < row + Geometry.ROW_WORDS; g += words) {
            if (groupFree(g, words) && swapWords(g, words, 0L, -1L)) {
                return g * Geometry.WORD_BITS;
            }
        }
        return FrameAllocator.NO_FRAME;
    }

    boolean groupFree(long g, int words) {
        for (int j = 0; j < words; j++) {
            if (word(g + j) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * CASes {@code words} words from {@code g} on, in ascending order, from {@code from} to {@code to}.
     * If one CAS fails (another thread changed that word), the words already swapped are swapped back.
     * The LP is the CAS of the last word.
     *
     * @return whether every word was swapped (false: nothing changed)
     * @throws CorruptedAllocatorException if an undo fails, which only another thread's bug can cause
     */
    boolean swapWords(long g, int words, long from, long to) {
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

    // ---------------------------------------------------------------------------------------- put

    /**
     * Frees the run of {@code 2^order} frames at {@code frame} (range and alignment already checked):
     * {@link #clear clears} it, flushes and drains that line, then {@link #release releases} the
     * frames. The caller then gives them to the upper counters.
     *
     * @throws DoubleFreeException if the run is free; nothing changed
     * @throws IllegalArgumentException if the run was allocated with another order; nothing changed
     */
    public void put(long frame, int order) {
        // PERSIST: the cleared bits or huge flag. A crash before the drain may keep them set: the run
        // stays allocated (leaked, bounded by puts in flight), never handed out twice.
        persist(clear(frame, order));
        release(frame, order);
    }

    /**
     * First step of a put: clears the run's truth (its bits, or its huge flag with the counter held at
     * 0) without flushing. A batch flushes the returned line (once per line), drains once, and only then
     * {@link #release releases} every run.
     *
     * <p>ORDER: a free is durable before its frames can be taken again. Otherwise another core could take
     * them and make its own get durable first: a crash image would then hold a stale huge flag over the
     * new bits (a huge put followed by small gets) or stale bits under a new huge flag (small puts
     * followed by a huge get), and recovery could not tell which is true.
     *
     * @return the offset of the line that holds what changed (the child's row, or its tree's child line)
     * @throws DoubleFreeException if the run is free; nothing changed
     * @throws IllegalArgumentException if the run was allocated with another order; nothing changed
     */
    public long clear(long frame, int order) {
        long c = Geometry.childOf(frame);
        if (order >= Geometry.CHILD_ORDER) {
            putHuge(frame, c, order);
            return childWordOffset(c) & -Geometry.CACHE_LINE;
        }
        clearSmall(frame, c, order);
        return rowOffset(c);
    }

    /** Starts writing back the line at {@code offset} (from {@link #clear}); a batch drains once after. */
    public void flushLine(long offset) {
        flush(offset);
    }

    /** Gives the frames of a durable put back to the child counter(s), so gets can take them again. */
    public void release(long frame, int order) {
        long c = Geometry.childOf(frame);
        if (order <= Geometry.CHILD_ORDER) {
            releaseChild(c, order == Geometry.CHILD_ORDER ? Geometry.CHILD_FRAMES : 1 << order);
            return;
        }
        long off = childWordOffset(c);
        int slot = ChildEntry.slot(c);
        long prev;
        long next;
        do {
            prev = (long) LONG.getAcquire(segment, off);
            long first = ChildEntry.give(prev, slot, Geometry.CHILD_FRAMES, Geometry.CHILD_FRAMES);
            next = first == ChildEntry.NO_UPDATE ? first
                : ChildEntry.give(first, slot + 1, Geometry.CHILD_FRAMES, Geometry.CHILD_FRAMES);
            if (next == ChildEntry.NO_UPDATE) {
                throw new CorruptedAllocatorException("children " + c + ", " + (c + 1) + ": cannot release an order-10 "
                    + "frame into " + ChildEntry.decode(ChildEntry.get(prev, slot)) + ", "
                    + ChildEntry.decode(ChildEntry.get(prev, slot + 1)));
            }
        } while (!LONG.compareAndSet(segment, off, prev, next)); // one CAS for both halves
    }

    private void clearSmall(long frame, long c, int order) {
        if (ChildEntry.whole(childEntry(c))) {
            throw wrongOrder(frame, order, "it lies in " + wholeFrame(childEntry(c)));
        }
        if (order < MULTI_WORD_MIN_ORDER) {
            clearInWord(frame, order);
        } else {
            clearWords(frame, order);
        }
    }

    /** Clears a run inside one word. LP(put): the CAS; it requires every bit of the run set. */
    private void clearInWord(long frame, int order) {
        long off = wordOffset(Geometry.wordOf(frame));
        long mask = Bitfield.runMask((int) (frame & (Geometry.WORD_BITS - 1)), order);
        long prev;
        do {
            prev = (long) LONG.getAcquire(segment, off);
            if ((prev & mask) != mask) {
                throw notAllocated(frame, order, (prev & mask) == 0);
            }
        } while (!LONG.compareAndSet(segment, off, prev, prev & ~mask)); // LP(put)
    }

    /**
     * Clears 2 or 4 whole words {@code ~0 -> 0}, after checking all are set. A CAS that fails now means
     * a concurrent put of the same run (a double free racing): the words cleared are set again (UNDO).
     */
    private void clearWords(long frame, int order) {
        int words = 1 << (order - Geometry.WORD_ORDER);
        long g = Geometry.wordOf(frame);
        boolean anySet = false;
        boolean allSet = true;
        for (int j = 0; j < words; j++) {
            long word = word(g + j);
            anySet |= word != 0;
            allSet &= word == -1L;
        }
        if (!allSet) {
            throw notAllocated(frame, order, !anySet);
        }
        if (!swapWords(g, words, -1L, 0L)) {
            throw notAllocated(frame, order, true); // a concurrent put of the same run won
        }
    }

    /** Order 9 or 10: one CAS on the child entries. LP(put huge). */
    private void putHuge(long frame, long c, int order) {
        boolean pair = order > Geometry.CHILD_ORDER;
        long off = childWordOffset(c);
        int slot = ChildEntry.slot(c);
        long prev;
        long next;
        do {
            prev = (long) LONG.getAcquire(segment, off);
            next = pair ? ChildEntry.putPair(prev, slot) : ChildEntry.putHuge(prev, slot, false);
            if (next == ChildEntry.NO_UPDATE) {
                int e = ChildEntry.get(prev, slot);
                if (!ChildEntry.whole(e) && allocatedInRow(c) == 0
                    && (!pair || !ChildEntry.whole(ChildEntry.get(prev, slot + 1)) && allocatedInRow(c + 1) == 0)) {
                    throw notAllocated(frame, order, true); // free, or its put is in flight
                }
                throw wrongOrder(frame, order, ChildEntry.whole(e) ? "it lies in " + wholeFrame(e)
                    : "its 2 MiB child holds smaller runs");
            }
        } while (!LONG.compareAndSet(segment, off, prev, next)); // LP(put huge): the flag is gone, the counter still 0
    }

    private static RuntimeException notAllocated(long frame, int order, boolean allFree) {
        if (allFree) {
            return new DoubleFreeException("double free: frame " + hex(frame) + " of order " + order + " is already free");
        }
        return wrongOrder(frame, order, "its run is only partly allocated");
    }

    /** What a child allocated whole belongs to, for messages. */
    private static String wholeFrame(int e) {
        return ChildEntry.giant(e) ? "a giant frame of order " + Geometry.GIANT_ORDER
            : "a huge frame of order " + (ChildEntry.pair(e) ? Geometry.MAX_ORDER : Geometry.CHILD_ORDER);
    }

    static IllegalArgumentException wrongOrder(long frame, int order, String why) {
        return new IllegalArgumentException("frame " + hex(frame) + " was not allocated with order " + order + ": " + why);
    }

    // ---------------------------------------------------------------------------------------- queries

    /** Whether the whole run is free (range and alignment already checked). */
    public boolean isFree(long frame, int order) {
        long c = Geometry.childOf(frame);
        if (order >= Geometry.CHILD_ORDER) {
            for (long k = c; k < c + (1L << (order - Geometry.CHILD_ORDER)); k++) {
                int e = childEntry(k);
                if (ChildEntry.whole(e) || ChildEntry.free(e) != Geometry.CHILD_FRAMES) {
                    return false;
                }
            }
            return true;
        }
        if (ChildEntry.whole(childEntry(c))) {
            return false;
        }
        if (order < MULTI_WORD_MIN_ORDER) {
            long mask = Bitfield.runMask((int) (frame & (Geometry.WORD_BITS - 1)), order);
            return (word(Geometry.wordOf(frame)) & mask) == 0;
        }
        return groupFree(Geometry.wordOf(frame), 1 << (order - Geometry.WORD_ORDER));
    }

    /** Whether {@code tree} has a child (order 9) or aligned child pair (order 10) that is wholly free. */
    public boolean hasFreeHuge(long tree, int order) {
        long first = Geometry.firstChildOfTree(tree);
        long end = Math.min(children, first + Geometry.TREE_CHILDREN);
        int step = order > Geometry.CHILD_ORDER ? 2 : 1;
        for (long c = first; c + step <= end; c += step) {
            if (isFree(Geometry.firstFrameOfChild(c), order)) {
                return true;
            }
        }
        return false;
    }

    /** Makes every earlier flush of this thread durable (no-op unless the memory flushes). */
    public void drain() {
        if (flushes) {
            memory.drain();
        }
    }

    /** Writes back everything (bitfields and child entries) and drains: for a clean close. */
    public void persistAll() {
        if (flushes) {
            memory.flush(bitfieldOffset, LowerLayout.bytes(frames));
            memory.drain();
        }
    }

    void flush(long offset) {
        if (flushes) {
            memory.flush(offset & -Geometry.CACHE_LINE, Geometry.CACHE_LINE);
        }
    }

    void persist(long offset) {
        if (flushes) {
            memory.flush(offset & -Geometry.CACHE_LINE, Geometry.CACHE_LINE);
            memory.drain();
        }
    }

    long rowOffset(long c) {
        return bitfieldOffset + c * Geometry.ROW_BYTES;
    }

    long wordOffset(long w) {
        return bitfieldOffset + w * Long.BYTES;
    }

    long childWordOffset(long c) {
        return childOffset + (c / ChildEntry.PER_LONG) * Long.BYTES;
    }
}
