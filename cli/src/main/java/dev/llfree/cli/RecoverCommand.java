package dev.llfree.cli;

import dev.llfree.RecoveryReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code llfree recover}: runs recovery on a pool now and reports what it found. */
@Command(name = "recover", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs recovery now, whether or not the pool was closed cleanly: every counter is recounted from the"
                + " bitfields (the truth) and written back, then the pool is closed cleanly. Reports the children"
                + " scanned, the counters repaired, the free frames they had lost, and the time it took.",
            "Leaked frames (a get that had not returned at a crash) stay allocated: they can only be found by"
                + " tracing what the application still reaches, which this command cannot do.",
            "A corrupt pool is refused unchanged (exit code 3): see 'llfree verify'."
        },
        footer = {
            "%nExamples:",
            "  llfree recover /dev/shm/pool",
            "  llfree recover /dev/shm/pool --json"
        })
final class RecoverCommand implements Callable<Integer> {
    private static final String LEAKED = "unknown without a tracer";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POOL", description = "The pool file.")
    private Path pool;

    @Mixin
    private Output output;

    /**
     * What {@code recover} found.
     *
     * @param framesRecovered free frames the stored counters had lost (negative if they over-reported)
     * @param leaked          leaked frames, which only a tracing recovery could count
     */
    record Recovered(Path pool, boolean closedCleanly, long childrenScanned, long countersRepaired, long framesRecovered,
                     long freeFrames, long hugeFrames, String leaked, double millis) { }

    @Override
    public Integer call() throws IOException {
        Recovered recovered;
        try (CheckedPool checked = CheckedPool.open(pool, true)) {
            RecoveryReport report = checked.pool().recovery();
            recovered = new Recovered(pool, report.clean(), report.childrenScanned(), report.countersRepaired(),
                    report.freeFrames() - checked.before().storedFreeFrames(), report.freeFrames(), report.hugeFrames(),
                    LEAKED, report.nanos() / 1e6);
        }
        output.print(spec.commandLine().getOut(), recovered, out -> print(out, recovered));
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, Recovered r) {
        out.printf("recovered %s (%s)%n", r.pool(), r.closedCleanly() ? "it had been closed cleanly"
                : "it had not been closed cleanly: a crash or a kill");
        out.printf("  children scanned   %d%n", r.childrenScanned());
        out.printf("  counters repaired  %d%n", r.countersRepaired());
        out.printf("  frames recovered   %d (free frames the stored counters had lost)%n", r.framesRecovered());
        out.printf("  free frames        %d (%s)%n", r.freeFrames(), Sizes.ofFrames(r.freeFrames()));
        out.printf("  huge frames        %d allocated%n", r.hugeFrames());
        out.printf("  leaked             %s (a get that had not returned at a crash keeps its run:"
                + " at most one run per operation in flight)%n", r.leaked());
        out.printf(Locale.ROOT, "  time               %.3f ms%n", r.millis());
    }
}
