package dev.llfree.cli;

import dev.llfree.PoolAllocator;
import dev.llfree.RecoveryReport;
import dev.llfree.TraceReport;

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
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code llfree recover}: runs recovery on a pool now and reports what it found. */
@Command(name = "recover", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs recovery now, whether or not the pool was closed cleanly: every counter is recounted from the"
                + " bitfields (the truth) and written back, then the pool is closed cleanly. Reports the children"
                + " scanned, the counters repaired, the free frames they had lost, and the time it took.",
            "Leaked frames (a get that had not returned at a crash) stay allocated, unless --trace finds what the"
                + " application still reaches: then exactly those runs stay allocated and every other frame is freed.",
            "--trace reads a tree of directories in the data area (the pool needs one). Root slot 0 holds the"
                + " frame number of the top directory. A directory is a run: magic \"LLFDIR01\" (8 bytes), its"
                + " order (long), a count (long), then count entries of 16 bytes: frame (long), order (long, plus"
                + " 0x100 if the entry is a nested directory). Integers are little-endian. A cycle, a bad magic,"
                + " order or count, a frame outside the pool or overlapping runs are refused (exit code 3) and the"
                + " pool is left unchanged; frames that a directory names but that were free are kept allocated"
                + " and reported.",
            "A corrupt pool is refused unchanged (exit code 3): see 'llfree verify'."
        },
        footer = {
            "%nExamples:",
            "  llfree recover /dev/shm/pool",
            "  llfree recover /dev/shm/pool --json",
            "  llfree recover /dev/shm/pool --trace          # free every frame the directories do not reach"
        })
final class RecoverCommand implements Callable<Integer> {
    private static final String LEAKED = "unknown without a tracer";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POOL", description = "The pool file.")
    private Path pool;

    @Option(names = "--trace", description = "Tracing (leak-free) recovery from the directories in the data area"
            + " (format above): frees every allocated frame they do not reach.")
    private boolean trace;

    @Mixin
    private Output output;

    /**
     * What {@code recover --trace} found.
     *
     * @param reclaimedFrames  allocated frames no directory reaches, now free
     * @param reachableButFree frames a directory names that were free (kept allocated: an application bug)
     */
    record Traced(Path pool, boolean closedCleanly, long runs, long reachableFrames, long reclaimedFrames,
                  long reachableButFree, long firstReachableButFree, long freeFrames, double millis) { }

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
        if (trace) {
            return callTraced();
        }
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

    private int callTraced() throws IOException {
        Traced traced;
        try (CheckedPool checked = CheckedPool.open(pool, false)) {
            PoolAllocator p = checked.pool();
            if (!p.hasData()) {
                throw new ParameterException(spec.commandLine(), "--trace: pool " + pool + " has no data area, so it"
                        + " holds no directories (create it with 'llfree init --data')");
            }
            TraceReport r = p.recover(new DirectoryTracer());
            traced = new Traced(pool, p.recovery().clean(), r.runs(), r.reachableFrames(), r.reclaimedFrames(),
                    r.reachableButFree(), r.firstReachableButFree(), r.freeFrames(), r.nanos() / 1e6);
        }
        output.print(spec.commandLine().getOut(), traced, out -> print(out, traced));
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, Traced t) {
        out.printf("traced %s (%s)%n", t.pool(), t.closedCleanly() ? "it had been closed cleanly"
                : "it had not been closed cleanly: a crash or a kill");
        out.printf("  runs reached        %d (%d frames)%n", t.runs(), t.reachableFrames());
        out.printf("  frames reclaimed    %d (allocated, but no directory reaches them)%n", t.reclaimedFrames());
        out.printf("  reachable but free  %d%s%n", t.reachableButFree(), t.reachableButFree() == 0 ? ""
                : " (kept allocated; the first is frame " + t.firstReachableButFree() + ": an application bug)");
        out.printf("  free frames         %d (%s)%n", t.freeFrames(), Sizes.ofFrames(t.freeFrames()));
        out.printf(Locale.ROOT, "  time                %.3f ms%n", t.millis());
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
