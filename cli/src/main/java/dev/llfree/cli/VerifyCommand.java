package dev.llfree.cli;

import dev.llfree.RecoveryReport;
import dev.llfree.inspect.Consistency.Verdict;
import dev.llfree.inspect.Consistency;
import dev.llfree.inspect.PoolInspector;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code llfree verify}: a read-only fsck of a pool, and with {@code --repair} a recount of its counters. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Checks every invariant of the pool without changing a byte: the header, and for every 2 MiB child its"
                + " free counter against its bitfield row, its huge and pair flags against its row and its partner,"
                + " and the frames past the end of the pool.",
            "Exit code 0: clean. 6: repairable, only stale counters (as a crash leaves them; the next open"
                + " recounts them). 3: corrupt, bits and flags contradict each other (recovery and every command"
                + " that writes refuse the pool).",
            "--repair recounts the counters of a repairable pool from the bitfields and closes it cleanly; it"
                + " refuses a corrupt pool, which stays unchanged.",
            "A pool whose metadata changed while it was closed (its clean close's checksum no longer matches: media"
                + " corruption, which no crash causes) is corrupt: every open refuses it. --repair"
                + " --accept-corruption rebuilds it from its bitfields and lists the children where bits and"
                + " counters disagreed, whose frames' state it cannot vouch for."
        },
        footer = {
            "%nExamples:",
            "  llfree verify /dev/shm/pool",
            "  llfree verify /dev/shm/pool --repair",
            "  llfree verify /dev/shm/pool --repair --accept-corruption   # after media corruption",
            "  llfree verify /dev/shm/pool --json || echo \"exit $?\""
        })
final class VerifyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POOL", description = "The pool file.")
    private Path pool;

    @Option(names = "--repair", description = "Recount the stale counters of a repairable pool (the only change made).")
    private boolean repair;

    @Option(names = "--accept-corruption", description = "With --repair: also rebuild a pool whose metadata changed while"
            + " it was closed (media corruption), from its bitfields.")
    private boolean acceptCorruption;

    @Mixin
    private Output output;

    /**
     * What {@code verify} found and did.
     *
     * @param verdict       the verdict now: after a repair, the re-check's
     * @param cleanFlag     whether the clean flag was set when checked
     * @param closedCleanly whether the next open would have trusted the counters (flag and checksum)
     * @param found         the check before any repair
     * @param repaired      what the repair's recount did, or {@code null} without one
     */
    record Verified(Path pool, Verdict verdict, boolean cleanFlag, boolean closedCleanly, Consistency found,
                    RecoveryReport repaired) { }

    @Override
    public Integer call() throws IOException {
        Consistency found;
        boolean cleanFlag;
        boolean closedCleanly;
        try (PoolInspector inspector = PoolInspector.open(pool)) {
            found = inspector.consistency();
            cleanFlag = inspector.cleanFlag();
            closedCleanly = inspector.closedCleanly();
        }
        RecoveryReport repaired = null;
        Verdict verdict = found.verdict();
        boolean mendable = verdict == Verdict.REPAIRABLE
                || acceptCorruption && found.changedWhileClosed() && found.corruptChildren() == 0;
        if (acceptCorruption && !repair) {
            throw new ParameterException(spec.commandLine(), "--accept-corruption goes with --repair");
        }
        if (repair && mendable) {
            try (CheckedPool checked = CheckedPool.open(pool, true, acceptCorruption)) {
                repaired = checked.pool().recovery();
            }
            try (PoolInspector inspector = PoolInspector.open(pool)) {
                verdict = inspector.consistency().verdict();
            }
        }
        Verified verified = new Verified(pool, verdict, cleanFlag, closedCleanly, found, repaired);
        output.print(spec.commandLine().getOut(), verified, out -> print(out, verified));
        if (repair && verdict == Verdict.CORRUPT) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": pool " + pool
                    + " is corrupt: not repaired, nothing was changed" + (found.changedWhileClosed() && !acceptCorruption
                    && found.corruptChildren() == 0 ? " (--accept-corruption rebuilds it from its bitfields)" : ""));
        }
        return switch (verdict) {
            case CLEAN -> ExitCodes.OK;
            case REPAIRABLE -> ExitCodes.REPAIRABLE;
            case CORRUPT -> ExitCodes.INVALID_POOL;
        };
    }

    private static void print(PrintWriter out, Verified v) {
        out.printf("%s: %s%n", v.pool(), ConsistencyText.verdict(v.found().verdict()));
        out.printf("  clean flag        %s%n", ConsistencyText.cleanFlag(v.cleanFlag(), v.closedCleanly(),
                v.found().changedWhileClosed()));
        ConsistencyText.print(out, v.found(), v.closedCleanly());
        if (v.repaired() != null) {
            out.printf("repaired: %d counters recounted from the bitfields, %d free frames; now %s%n",
                    v.repaired().countersRepaired(), v.repaired().freeFrames(), ConsistencyText.verdict(v.verdict()));
        }
    }
}
