package dev.llfree.recovery;

import static dev.llfree.core.Checks.hex;

import dev.llfree.PoolView;
import dev.llfree.TraceException;
import dev.llfree.TraceReport;
import dev.llfree.Tracer;
import dev.llfree.core.Geometry;
import dev.llfree.core.lower.Lower;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.persist.Persistence;
import dev.llfree.core.upper.LLFreeAllocator;
import dev.llfree.core.words.Bitfield;
import dev.llfree.core.words.ChildEntry;
import dev.llfree.core.words.ChildWords;
import dev.llfree.core.words.GiantBits;
import java.io.IOException;
import java.util.Arrays;

/**
 * Tracing (leak-free) recovery: rebuilds the truth of a lower allocator to exactly the runs a {@link Tracer}
 * reaches. LLFree's own recovery loses the runs of gets in flight at a crash (they stay allocated, and
 * nobody holds them); this one frees every allocated frame that is not reachable, as Ralloc's recovery does.
 *
 * <ol>
 *   <li>Collect: every reported run is checked (order, range, alignment) and marked in a bitmap; a run that
 *       overlaps an earlier one is refused. Nothing is written before the tracer returned without error.</li>
 *   <li>Compare with the truth: frames allocated but unreachable are reclaimed; frames reachable but free
 *       (a caller's bug) are reported and kept allocated (the caller says it uses them).</li>
 *   <li>Write in persisted phases: giant bits that go away, then huge and giant flags that go away
 *       (counter 0), then the rows, then every child entry with its flags and counter, then the giant bits
 *       of traced giant frames. A crash between phases leaves a state the next open recovers (giant flags
 *       under a clear bit are freed), in which every run that was allocated and reachable is still
 *       allocated, as long as it is reported with the order it was allocated with (a huge or giant frame
 *       reported as smaller runs, or the reverse, may be free in between); running the tracing recovery
 *       again finishes the job.</li>
 *   <li>The upper allocator is recounted.</li>
 * </ol>
 * Only while no other thread uses the allocator (the pool's file lock keeps other processes out).
 */
public final class Tracing {
    private static final byte HUGE = 1;
    private static final byte PAIR = 2;
    private static final byte GIANT = 3;

    private final LLFreeAllocator allocator;
    private final Lower lower;
    private final long frames;
    private final long[] reach;
    /** Per child: 0 small runs, {@link #HUGE} / {@link #PAIR} a huge frame (alone / of an order-10 pair), {@link #GIANT}. */
    private final byte[] huge;
    private long runs;

    private Tracing(LLFreeAllocator allocator) {
        this.allocator = allocator;
        this.lower = allocator.lower();
        this.frames = lower.frames();
        this.reach = new long[Math.toIntExact(lower.children() * Geometry.ROW_WORDS)];
        this.huge = new byte[Math.toIntExact(lower.children())];
    }

    /**
     * Rebuilds the allocator to exactly what {@code tracer} reaches, and makes it durable.
     *
     * @throws TraceException if a reported run is bad or overlaps another (nothing written)
     * @throws IOException what the tracer throws, or a failed sync
     */
    public static TraceReport recover(LLFreeAllocator allocator, PoolView view, Tracer tracer) throws IOException {
        long start = System.nanoTime();
        Tracing tracing = new Tracing(allocator);
        allocator.drain();
        tracer.trace(view, tracing::add);
        return tracing.rewrite(start);
    }

    private void add(long frame, int order) {
        if (order < 0 || order > Geometry.MAX_ORDER && order != Geometry.GIANT_ORDER) {
            throw new TraceException("run " + hex(frame) + ": order " + order + " (expected: 0.." + Geometry.MAX_ORDER
                + " or " + Geometry.GIANT_ORDER + ")");
        }
        if (frame < 0 || frame > frames - (1L << order)) {
            throw new TraceException("run " + hex(frame) + " of order " + order + " is out of range (the pool has "
                + frames + " frames)");
        }
        if ((frame & ((1L << order) - 1)) != 0) {
            throw new TraceException("run " + hex(frame) + " of order " + order + " is misaligned (expected: a multiple of "
                + hex(1L << order) + ")");
        }
        for (long f = frame; f < frame + (1L << order); f += Geometry.WORD_BITS) {
            long mask = Bitfield.wordMask(f, order);
            int w = (int) Geometry.wordOf(f);
            if ((reach[w] & mask) != 0) {
                throw new TraceException("run " + hex(frame) + " of order " + order + " overlaps a run reported before"
                    + " (frame " + hex(w * 64L + Long.numberOfTrailingZeros(reach[w] & mask)) + " is reached twice)");
            }
            reach[w] |= mask;
        }
        if (order >= Geometry.CHILD_ORDER) {
            int c = (int) Geometry.childOf(frame);
            byte whole = order == Geometry.GIANT_ORDER ? GIANT : order > Geometry.CHILD_ORDER ? PAIR : HUGE;
            Arrays.fill(huge, c, c + (1 << (order - Geometry.CHILD_ORDER)), whole);
        }
        runs++;
    }

    private TraceReport rewrite(long start) throws IOException {
        long reclaimed = 0;
        long reachableButFree = 0;
        long firstFree = -1;
        long reachable = 0;
        long[] rows = new long[reach.length];
        for (long c = 0; c < lower.children(); c++) {
            boolean wasHuge = lower.allocatedWhole(c);
            for (int i = 0; i < Geometry.ROW_WORDS; i++) {
                int w = (int) (c * Geometry.ROW_WORDS + i);
                long exists = existing(w);
                long before = (wasHuge ? -1L : lower.word(w)) & exists;
                long after = reach[w];
                reachable += Long.bitCount(after);
                reclaimed += Long.bitCount(before & ~after);
                reachableButFree += Long.bitCount(after & ~before);
                if (firstFree < 0 && (after & ~before) != 0) {
                    firstFree = w * 64L + Long.numberOfTrailingZeros(after & ~before);
                }
                rows[w] = huge[(int) c] != 0 ? 0 : after | ~exists;
            }
        }
        write(rows);
        allocator.recount();
        return new TraceReport(runs, reachable, reclaimed, reachableButFree, firstFree, allocator.freeFrames(),
            System.nanoTime() - start);
    }

    /** The bits of word {@code w} that stand for frames of the pool (a partial last child has fewer). */
    private long existing(int w) {
        long first = w * 64L;
        return first + 64 <= frames ? -1L : first >= frames ? 0 : (1L << (frames - first)) - 1;
    }

    private void write(long[] rows) throws IOException {
        ChildWords entries = lower.childWords();
        GiantBits giantBits = lower.giantBits();
        Persistence persistence = lower.persistence();
        long children = lower.children();
        for (long r = 0; r < giantBits.regions(); r++) {
            if (giantBits.committed(r) && huge[(int) Geometry.firstChildOfGiant(r)] != GIANT) {
                giantBits.store(r, false);
            }
        }
        // PERSIST: giant bits that go away, before their children change (a set bit over children that are not
        // giant is corrupt); a crash now leaves their giant flags pending, which recovery frees.
        giantBits.sync(persistence, PersistSite.TRACE);
        for (long c = 0; c < children; c++) {
            int e = entries.entry(c);
            boolean hugeGoes = ChildEntry.huge(e) && huge[(int) c] != (ChildEntry.pair(e) ? PAIR : HUGE);
            boolean giantGoes = ChildEntry.giant(e) && huge[(int) c] != GIANT;
            if (hugeGoes || giantGoes) {
                entries.store(c, ChildEntry.of(0) | e & ChildEntry.KIND_MASK);
            }
        }
        // PERSIST: huge and giant flags that go away, before any row gets bits (a flag over set bits is corrupt).
        entries.sync(persistence, PersistSite.TRACE);
        for (long c = 0; c < children; c++) {
            lower.rows().store(c, rows, (int) (c * Geometry.ROW_WORDS));
        }
        // PERSIST: the rows; reachable small runs were allocated before and still are, unreachable ones are free.
        lower.rows().sync(persistence, PersistSite.TRACE);
        for (long c = 0; c < children; c++) {
            int kind = entries.entry(c) & ChildEntry.KIND_MASK;
            int entry = switch (huge[(int) c]) {
                case HUGE -> ChildEntry.HUGE_MASK | kind;
                case PAIR -> ChildEntry.HUGE_MASK | ChildEntry.PAIR_MASK | kind;
                case GIANT -> ChildEntry.GIANT_MASK | kind;
                default -> ChildEntry.counted(Geometry.CHILD_FRAMES - lower.allocatedInRow(c), lower.capacity(c), kind);
            };
            entries.store(c, entry);
        }
        // PERSIST: the new huge and giant flags and every counter; a traced giant frame is still pending.
        entries.sync(persistence, PersistSite.TRACE);
        for (long r = 0; r < giantBits.regions(); r++) {
            if (huge[(int) Geometry.firstChildOfGiant(r)] == GIANT) {
                giantBits.store(r, true);
            }
        }
        // PERSIST: the giant bits of traced giant frames; the pool is now exactly the traced set.
        giantBits.sync(persistence, PersistSite.TRACE);
    }
}
