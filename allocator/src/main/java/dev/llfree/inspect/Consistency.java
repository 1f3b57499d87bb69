package dev.llfree.inspect;

import dev.llfree.core.Geometry;
import dev.llfree.core.lower.ChildProblem;
import dev.llfree.core.lower.Lower;
import dev.llfree.core.words.ChildEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The verdict of a read-only check of every child of a pool at rest (see
 * {@link ChildProblem#findAtRest}): an fsck that changes nothing. Stale derived state (a counter that disagrees
 * with its row, a leftover mark) is what a crash leaves and recovery recomputes; bits and flags that contradict
 * each other are corrupt, and recovery refuses them.
 *
 * <p>Thread safety: immutable.
 *
 * @param verdict           clean, repairable (only stale children) or corrupt
 * @param staleChildren     children with stale derived state: a free counter that disagrees with the row,
 *                          a leftover mark
 * @param corruptChildren   children whose bits and flags contradict each other
 * @param storedFreeFrames  the sum of the stored free counters: what an open that trusts them believes
 * @param countedFreeFrames the free frames the bitfields, flags and giant bits show (a huge child and a child of
 *                          a giant frame have none): what
 *                          recovery counts
 * @param problems          the first {@link #MAX_PROBLEMS} problems, in child order
 * @param changedWhileClosed whether the metadata no longer matches the checksum of the pool's clean close: it
 *                          changed while closed (media corruption, or a write from outside), which no crash causes;
 *                          the pool is then corrupt whatever its children show
 */
public record Consistency(Verdict verdict, long staleChildren, long corruptChildren, long storedFreeFrames,
                          long countedFreeFrames, List<Problem> problems, boolean changedWhileClosed) {
    /** Problems kept in {@link #problems()}; the counts cover all of them. */
    public static final int MAX_PROBLEMS = 20;

    /** What a check found, in order of gravity. */
    public enum Verdict {
        /** Every counter agrees with the bitfields, and the bits and flags agree with each other. */
        CLEAN,
        /** Only stale derived state, as a crash leaves it: recovery recomputes it. */
        REPAIRABLE,
        /** Bits or flags contradict each other: recovery refuses the pool. */
        CORRUPT
    }

    /** Whether recovery (a recount from the bitfields) mends a problem. */
    public enum Severity {
        /** Derived state is out of date (a free counter, a leftover mark): recovery recomputes it. */
        STALE,
        /** The bits and flags contradict each other: nothing can be recounted. */
        CORRUPT
    }

    /**
     * What is wrong with one 2 MiB child.
     *
     * @param child    the child's index
     * @param severity whether recovery mends it
     * @param message  what is wrong, naming the child and the values found and expected
     */
    public record Problem(long child, Severity severity, String message) {
        static Problem of(ChildProblem problem) {
            return new Problem(problem.child(), problem.severity() == ChildProblem.Severity.CORRUPT ? Severity.CORRUPT
                : Severity.STALE, problem.message());
        }

        /** Whether the bits and flags contradict each other. */
        public boolean corrupt() {
            return severity == Severity.CORRUPT;
        }
    }

    public Consistency {
        problems = List.copyOf(problems);
    }

    /**
     * Checks every child of {@code lower}, which no allocator has open; reads only. {@code changedWhileClosed}: the
     * pool's metadata no longer matches the checksum of its clean close (see {@link #changedWhileClosed()}).
     */
    public static Consistency check(Lower lower, boolean changedWhileClosed) {
        long stale = 0;
        long corrupt = 0;
        long stored = 0;
        long counted = 0;
        List<Problem> problems = new ArrayList<>();

        ChildProblem stray = ChildProblem.findStrayGiantBit(lower);
        if (stray != null) {
            problems.add(Problem.of(stray));
            corrupt++;
        }
        for (long c = 0; c < lower.children(); c++) {
            int e = lower.childEntry(c);
            stored += ChildEntry.free(e);
            ChildProblem problem = ChildProblem.findAtRest(lower, c);
            if (problem != null && problems.size() < MAX_PROBLEMS) {
                problems.add(Problem.of(problem));
            }
            if (problem != null) {
                corrupt += problem.severity() == ChildProblem.Severity.CORRUPT ? 1 : 0;
                stale += problem.severity() == ChildProblem.Severity.STALE ? 1 : 0;
            }
            counted += lower.allocatedWhole(c) ? 0 : Geometry.CHILD_FRAMES - lower.allocatedInRow(c);
        }
        Verdict verdict = corrupt > 0 || changedWhileClosed ? Verdict.CORRUPT : stale > 0 ? Verdict.REPAIRABLE : Verdict.CLEAN;
        return new Consistency(verdict, stale, corrupt, stored, counted, problems, changedWhileClosed);
    }
}
