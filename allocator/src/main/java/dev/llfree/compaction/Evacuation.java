package dev.llfree.compaction;

import dev.llfree.core.lower.Lower;
import java.util.List;

/**
 * Empties one child: the step every strategy shares.
 *
 * <pre>
 * hold (CAS) ─► scan the row ─► per batch: any run pinned? give up : move each run ─► settled? ─► unhold (CAS)
 *                              ▲                                                                   │ no
 *                              └───────────────────────── next pass (bounded) ◄────────────────────┘
 * </pre>
 *
 * Moving a run: take a target run from the strategy's {@link Targets} (allocated through the allocator),
 * ask the migrator to move, then free the source (MOVED) or the unused target (REFUSED, GONE).
 *
 * <p>Races with threads that get and put meanwhile:
 * <ul>
 *   <li>RACE(benign): a get that reserved capacity in the child before the mark sets its bits after it; the
 *       next pass moves that run. Later gets skip the marked child. So passes end, bounded by {@link #PASSES}.</li>
 *   <li>RACE(benign): the owner frees a run while it is being moved; the migrator decides who won (the
 *       owner's put: GONE, the compactor frees its unused target; the move: the owner frees the new run).
 *       A run freed before the scan is simply not seen.</li>
 *   <li>RACE(benign): a frame whose get has not yet been recorded by its owner is unknown to the migrator;
 *       it is left for the next pass, and the child is given up if it never becomes known.</li>
 *   <li>RACE(benign): once unmarked, a cleared child serves gets again; it counts as cleared when it settled.</li>
 * </ul>
 * No frame is lost or owned twice: every target is either handed to the owner (MOVED) or freed, and
 * every source is freed only after the migrator handed it over.
 */
final class Evacuation {
    /** Whole-child batch: check every run before moving any. */
    static final int WHOLE_CHILD = Integer.MAX_VALUE;
    /** Passes over the row before a child that does not settle is given up. */
    static final int PASSES = 16;

    private Evacuation() { }

    /**
     * Empties child {@code c} into {@code targets}, checking {@code batch} runs for pins before moving them.
     *
     * @return whether the child is now wholly free; false also if it could not be marked (huge, or
     *     another compaction holds it), in which case nothing was done or counted
     */
    static boolean run(Session session, long c, Targets targets, int batch) {
        Lower lower = session.lower();
        if (!lower.hold(c)) {
            return false;
        }
        boolean cleared = false;
        try {
            cleared = empty(session, c, targets, batch);
        } finally {
            lower.unhold(c);
        }
        session.finished(cleared);
        return cleared;
    }

    private static boolean empty(Session session, long c, Targets targets, int batch) {
        for (int pass = 0; pass < PASSES; pass++) {
            if (session.settled(c)) {
                return true;
            }
            List<Run> runs = RowRuns.scan(session.lower(), session.migrator(), c).runs();
            for (int start = 0; start < runs.size(); start += batch) {
                List<Run> part = runs.subList(start, (int) Math.min(runs.size(), (long) start + batch));
                if (anyPinned(session.migrator(), part)) {
                    session.refused();
                    return false;
                }
                for (Run run : part) {
                    if (!move(session, run, targets)) {
                        return false;
                    }
                }
            }
            if (runs.isEmpty()) {
                Thread.yield(); // RACE(benign): only gets and puts in flight keep the child unsettled; let them finish
            }
        }
        return session.settled(c);
    }

    private static boolean anyPinned(Migrator migrator, List<Run> runs) {
        for (Run run : runs) {
            if (migrator.pinned(run.frame())) {
                return true;
            }
        }
        return false;
    }

    /** Moves one run; false if the child must be given up (no target, or the migrator refused). */
    private static boolean move(Session session, Run run, Targets targets) {
        long to = targets.take(run.order());
        if (to < 0) {
            return false;
        }
        Migrator.Outcome outcome;
        try {
            outcome = session.migrator().move(run.frame(), to, run.order());
        } catch (RuntimeException e) {
            session.put(to, run.order()); // UNDO: the caller failed before using the target
            throw e;
        }
        return switch (outcome) {
            case MOVED -> {
                session.put(run.frame(), run.order()); // LP(move) was the migrator's switch; the source is ours now
                session.moved(run);
                yield true;
            }
            case GONE -> {
                session.put(to, run.order()); // UNDO: the owner freed the source first; the target stays unused
                session.gone();
                yield true;
            }
            case REFUSED -> {
                session.put(to, run.order()); // UNDO: the target stays unused
                session.refused();
                yield false;
            }
        };
    }
}
