package dev.llfree.cli;

import dev.llfree.RecoveryReport;
import dev.llfree.inspect.Consistency.Verdict;
import dev.llfree.inspect.Consistency;
import dev.llfree.inspect.PoolInspector;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
                + " refuses a corrupt pool, which stays unchanged."
        },
        footer = {
            "%nExamples:",
            "  llfree verify /dev/shm/pool",
            "  llfree verify /dev/shm/pool --repair",
            "  llfree verify /dev/shm/pool --json || echo \"exit $?\""
        })
final class VerifyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POOL", description = "The pool file.")
    private Path pool;

    @Option(names = "--repair", description = "Recount the stale counters of a repairable pool (the only change made).")
    private boolean repair;

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
        if (repair && verdict == Verdict.REPAIRABLE) {
            try (CheckedPool checked = CheckedPool.open(pool, true)) {
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
                    + " is corrupt: not repaired, nothing was changed");
        }
        return switch (verdict) {
            case CLEAN -> ExitCodes.OK;
            case REPAIRABLE -> ExitCodes.REPAIRABLE;
            case CORRUPT -> ExitCodes.INVALID_POOL;
        };
    }

    private static void print(PrintWriter out, Verified v) {
        out.printf("%s: %s%n", v.pool(), ConsistencyText.verdict(v.found().verdict()));
        out.printf("  clean flag        %s%n", ConsistencyText.cleanFlag(v.cleanFlag(), v.closedCleanly()));
        ConsistencyText.print(out, v.found(), v.closedCleanly());
        if (v.repaired() != null) {
            out.printf("repaired: %d counters recounted from the bitfields, %d free frames; now %s%n",
                    v.repaired().countersRepaired(), v.repaired().freeFrames(), ConsistencyText.verdict(v.verdict()));
        }
    }
}
