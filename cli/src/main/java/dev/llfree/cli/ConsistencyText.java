package dev.llfree.cli;

import dev.llfree.inspect.Consistency;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The fsck part of {@code inspect} and {@code verify} for people: the verdict, what it rests on and
 * the problems found.
 *
 * <p>Thread safety: stateless.
 */
final class ConsistencyText {
    private ConsistencyText() { }

    /** The verdict in a word: {@code clean}, {@code repairable} or {@code corrupt}. */
    static String verdict(Consistency.Verdict verdict) {
        return verdict.name().toLowerCase(Locale.ROOT);
    }

    /** What the clean flag and the metadata checksum say, in a phrase. */
    static String cleanFlag(boolean cleanFlag, boolean closedCleanly, boolean changedWhileClosed) {
        if (closedCleanly) {
            return "set: closed cleanly, the next open trusts the counters";
        }
        if (changedWhileClosed) {
            return "set, but the metadata changed after the clean close (checksum mismatch): media corruption or a"
                    + " write from outside, which an open refuses ('verify --repair --accept-corruption' rebuilds it)";
        }
        return cleanFlag ? "set, but a get-to or put-from was left unsettled; the next open recounts"
                : "clear: not closed cleanly (a crash or kill); the next open recounts";
    }

    /** The counts and the problems, indented by two spaces. */
    static void print(PrintWriter out, Consistency c, boolean closedCleanly) {
        out.printf("  stale children    %d%s%n", c.staleChildren(),
                c.staleChildren() == 0 ? ""
                        : closedCleanly ? " (an open trusts the clean flag: 'llfree verify --repair' or 'llfree recover' recounts)"
                        : " (as a crash leaves them: the next open recounts)");
        out.printf("  corrupt children  %d%s%n", c.corruptChildren(), c.corruptChildren() == 0 ? ""
                : " (bits and flags contradict each other: recovery refuses the pool)");
        if (c.changedWhileClosed()) {
            out.printf("  media corruption  the metadata changed while the pool was closed; the stale children below are"
                    + " where bits and counters disagree: their frames' state cannot be vouched for%n");
        }
        out.printf("  free frames       %d counted from the bitfields, %d in the stored counters%n",
                c.countedFreeFrames(), c.storedFreeFrames());
        for (Consistency.Problem problem : c.problems()) {
            out.printf("  %-8s %s%n", problem.corrupt() ? "corrupt" : "stale",
                    problem.message());
        }
        long more = c.staleChildren() + c.corruptChildren() - c.problems().size();
        if (more > 0) {
            out.printf("  ... and %d more%n", more);
        }
    }
}
