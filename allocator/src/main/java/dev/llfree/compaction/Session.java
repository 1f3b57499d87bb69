package dev.llfree.compaction;

import dev.llfree.Kind;
import dev.llfree.core.Geometry;
import dev.llfree.core.lower.Lower;
import dev.llfree.core.upper.LLFreeAllocator;
import dev.llfree.core.words.ChildEntry;

/**
 * One compaction run: the allocator's compaction primitives, the migrator, the goal, and the tally the
 * report is made from. Child figures are read from the child entries, so they are exact offline and
 * a moment's view while other threads get and put. Used by one thread.
 */
final class Session {
    private final LLFreeAllocator allocator;
    private final Lower lower;
    private final Migrator migrator;
    private final Goal goal;
    private final int core;

    private long cleared;
    private long framesMoved;
    private long runsMoved;
    private long refused;
    private long gone;
    private long failed;

    Session(LLFreeAllocator allocator, Migrator migrator, Goal goal, int core) {
        this.allocator = allocator;
        this.lower = allocator.lower();
        this.migrator = migrator;
        this.goal = goal;
        this.core = core;
    }

    Lower lower() {
        return lower;
    }

    Migrator migrator() {
        return migrator;
    }

    long children() {
        return lower.children();
    }

    boolean done() {
        return goal.reached(cleared, () -> Goal.unusableFreeIndex(allocator));
    }

    /** Free frames of child {@code c} (0 if huge). */
    int free(long c) {
        return ChildEntry.free(lower.childEntry(c));
    }

    /** Allocated frames of child {@code c} (all of them if huge). */
    int occupancy(long c) {
        return lower.capacity(c) - free(c);
    }

    /** Whether compaction can make {@code c} a free huge frame: a whole 2 MiB child, not huge, holding frames. */
    boolean source(long c) {
        int e = lower.childEntry(c);
        return lower.capacity(c) == Geometry.CHILD_FRAMES && ChildEntry.open(e) && ChildEntry.free(e) < Geometry.CHILD_FRAMES;
    }

    /**
     * Whether runs may move into {@code c}: partly used (never a wholly free child: that would undo a
     * huge frame), not evacuating, and outside trees reserved for {@link Kind#FIXED} frames, as Linux
     * takes targets only from movable pageblocks.
     */
    boolean target(long c) {
        int e = lower.childEntry(c);
        int free = ChildEntry.free(e);
        return ChildEntry.open(e) && free > 0 && free < lower.capacity(c)
            && allocator.treeKind(Geometry.treeOfChild(c)) != Kind.FIXED;
    }

    /** A target run in child {@code c}, allocated through the allocator; NO_FRAME if it has none. */
    long take(long c, int order) {
        return allocator.getInChild(c, order);
    }

    void put(long frame, int order) {
        allocator.put(core, frame, order);
    }

    /** Whether the child's counter says it is wholly free: no bit set, and no get or put in flight in it. */
    boolean settled(long c) {
        return free(c) == lower.capacity(c);
    }

    void moved(Run run) {
        runsMoved++;
        framesMoved += run.frames();
    }

    void gone() {
        gone++;
    }

    void refused() {
        refused++;
    }

    void finished(boolean clearedChild) {
        if (clearedChild) {
            cleared++;
        } else {
            failed++;
        }
    }

    CompactionReport report(String strategy, long wallNanos) {
        return new CompactionReport(strategy, goal, cleared, framesMoved, runsMoved, refused, gone, failed, wallNanos);
    }
}
