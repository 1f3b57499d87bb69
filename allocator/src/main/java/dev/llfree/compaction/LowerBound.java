package dev.llfree.compaction;

import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.core.Geometry;
import dev.llfree.core.lower.Lower;
import dev.llfree.core.upper.LLFreeAllocator;
import dev.llfree.core.words.ChildEntry;
import java.util.Arrays;

/**
 * The offline lower bound on the frames any compaction must move to clear {@code k} huge frames: the
 * sum of the {@code k} smallest occupancies among the children that can be emptied at all (every
 * allocated frame in a run the migrator knows and does not report pinned). Emptying a child means
 * moving each of its frames at least once, and no cheaper children exist.
 *
 * <p>{@link #clearable()} is how many huge frames can be cleared at most: {@code k} children can be
 * emptied only if the free frames of the partly used children, less those of the {@code k} emptied
 * ones, hold the {@code k} children's frames; since a child's occupancy and free frames sum to 512,
 * that is {@code 512 k <= room}, whichever children are chosen. Room counts only where moved frames may
 * go: compaction takes no targets in trees that serve {@code FIXED} frames (their holes are kept for
 * fixed gets, as Linux migrates into movable pageblocks only), so their free frames count only in the
 * children that can be emptied (whose own free frames the inequality subtracts again). The bound knows
 * every pin (an oracle) and ignores alignment (moving runs of order above 0 may need more room).
 *
 * <p>Thread safety: computed from one pass over the allocator; exact only while nothing else runs.
 */
public final class LowerBound {
    private final long[] prefix;
    private final long room;

    private LowerBound(int[] occupancies, long room) {
        Arrays.sort(occupancies);
        this.prefix = new long[occupancies.length + 1];
        for (int i = 0; i < occupancies.length; i++) {
            prefix[i + 1] = prefix[i] + occupancies[i];
        }
        this.room = room;
    }

    /**
     * Computes the bound for the allocator's current state.
     *
     * @param allocator the allocator: one built by {@link dev.llfree.LLFree}, volatile or a pool
     * @param migrator  the oracle of which allocated frames start runs it knows and which are pinned; a child with
     *                  an unknown or a pinned run cannot be emptied
     * @return the bound, computed in one pass over the children
     * @throws IllegalArgumentException if the allocator is not an LLFree allocator or pool
     */
    public static LowerBound of(FrameAllocator allocator, Migrator migrator) {
        LLFreeAllocator llfree = LLFreeAllocator.of(allocator);
        Lower lower = llfree.lower();
        int[] occupancies = new int[Math.toIntExact(lower.children())];
        int n = 0;
        long room = 0;
        for (long c = 0; c < lower.children(); c++) {
            int e = lower.childEntry(c);
            int free = ChildEntry.free(e);
            int occupancy = lower.capacity(c) - free;
            if (ChildEntry.whole(e) || occupancy == 0) {
                continue;
            }
            boolean emptiable = lower.capacity(c) == Geometry.CHILD_FRAMES && emptiable(lower, migrator, c);
            if (emptiable) {
                occupancies[n++] = occupancy;
            }
            if (emptiable || llfree.treeKind(Geometry.treeOfChild(c)) != Kind.FIXED) {
                room += free;
            }
        }
        return new LowerBound(Arrays.copyOf(occupancies, n), room);
    }

    /**
     * The bound for partly or wholly used full-size children of the given occupancies, all emptiable
     * (every frame movable), with {@code room} free frames in the partly used children: for a pool
     * inspected offline, whose occupancies come from its bitfields.
     *
     * @param occupancies allocated frames of each emptiable child, each {@code 1..512}; the array is copied
     * @param room        free frames in the partly used children that moved frames may go to, {@code >= 0}
     * @return the bound (the values are not checked)
     */
    public static LowerBound of(int[] occupancies, long room) {
        return new LowerBound(occupancies.clone(), room);
    }

    private static boolean emptiable(Lower lower, Migrator migrator, long c) {
        RowRuns row = RowRuns.scan(lower, migrator, c);
        if (row.unknownFrames() > 0) {
            return false;
        }
        for (Run run : row.runs()) {
            if (migrator.pinned(run.frame())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Children that could be emptied (partly used, nothing pinned or unknown in them).
     *
     * @return the number of such children, {@code >= 0}
     */
    public int emptiable() {
        return prefix.length - 1;
    }

    /**
     * Free frames in partly used children: the room moved frames can go to.
     *
     * @return free frames, {@code >= 0}; those in trees that serve {@code FIXED} frames count only in emptiable
     *     children
     */
    public long room() {
        return room;
    }

    /**
     * The most huge frames any compaction can clear.
     *
     * @return {@code min(emptiable(), room() / 512)}
     */
    public long clearable() {
        return Math.min(emptiable(), room / Geometry.CHILD_FRAMES);
    }

    /**
     * The fewest frames any compaction moves to clear {@code hugeFrames} (capped at {@link #clearable()}).
     *
     * @param hugeFrames huge frames to clear; a negative count counts as 0, one above {@link #clearable()} as that
     * @return the sum of the {@code hugeFrames} smallest occupancies among the emptiable children
     */
    public long moves(long hugeFrames) {
        return prefix[(int) Math.min(Math.max(hugeFrames, 0), clearable())];
    }

    @Override
    public String toString() {
        return "LowerBound[emptiable=" + emptiable() + ", room=" + room + ", clearable=" + clearable()
            + ", moves(clearable)=" + moves(clearable()) + "]";
    }
}
