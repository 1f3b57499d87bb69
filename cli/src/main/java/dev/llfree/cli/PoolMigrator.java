package dev.llfree.cli;

import dev.llfree.Durability;
import dev.llfree.FrameAllocator;
import dev.llfree.PoolAllocator;
import dev.llfree.compaction.Migrator;
import dev.llfree.pmem.Pmem;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The migrator of {@code llfree compact}. A pool records neither runs nor owners, so every maximal
 * aligned block of allocated frames counts as one run: any run a user allocated lies wholly inside one
 * such block (aligned blocks nest or are disjoint), so moving whole blocks keeps every run whole and
 * aligned, at its offset in the block. A move copies the block in the data area (made durable first on
 * {@code pmem}) and is recorded, for the user who holds the frame numbers to apply. A block holding a
 * frame the user pinned stays.
 *
 * <p>Thread safety: for one compaction, while nothing else uses the pool.
 */
final class PoolMigrator implements Migrator {
    /** One block moved: its first frame before and after, and its order. */
    record Move(long from, long to, int order) { }

    private final PoolAllocator pool;
    private final Set<Long> pinned;
    private final List<Move> moves = new ArrayList<>();

    PoolMigrator(PoolAllocator pool, Set<Long> pinned) {
        this.pool = pool;
        this.pinned = Set.copyOf(pinned);
    }

    List<Move> moves() {
        return moves;
    }

    /** The largest aligned block of allocated frames that starts at {@code frame}, up to order 8 (inside a child). */
    @Override
    public int order(long frame) {
        if (pool.isFree(frame, 0)) {
            return UNKNOWN;
        }
        int order = 0;
        while (order < FrameAllocator.HUGE_ORDER - 1 && (frame & ((2L << order) - 1)) == 0 && allocated(frame + (1L << order), 1L << order)) {
            order++;
        }
        return order;
    }

    private boolean allocated(long first, long frames) {
        for (long f = first; f < first + frames; f++) {
            if (pool.isFree(f, 0)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean pinned(long frame) {
        long end = frame + (1L << order(frame));
        return pinned.stream().anyMatch(p -> p >= frame && p < end);
    }

    @Override
    public Outcome move(long from, long to, int order) {
        if (pool.hasData()) {
            MemorySegment target = pool.frame(to, order);
            target.copyFrom(pool.frame(from, order));
            if (pool.durability() == Durability.PMEM) {
                Pmem.persist(target); // PERSIST: the copy before the compactor frees the source
            }
        }
        moves.add(new Move(from, to, order));
        return Outcome.MOVED;
    }
}
