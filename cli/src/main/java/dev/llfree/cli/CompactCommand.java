package dev.llfree.cli;

import dev.llfree.PoolAllocator;
import dev.llfree.compaction.CompactionReport;
import dev.llfree.compaction.Compactor;
import dev.llfree.compaction.Goal;
import dev.llfree.compaction.LowerBound;
import dev.llfree.compaction.Strategy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code llfree compact}: moves allocated frames of a pool so that whole huge frames become free. */
@Command(name = "compact", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Moves allocated frames of the pool (copying the data area, if the pool has one) so that whole 2 MiB"
                + " huge frames become free, and prints what it did beside the lower bound on the frames any"
                + " compaction must move.",
            "The pool records neither runs nor owners: every maximal aligned block of allocated frames moves as"
                + " one run (so the runs 'llfree alloc' handed out stay whole), and the frame numbers of moved"
                + " blocks change. --moves writes every move (from,to,order) for whoever holds the frame numbers.",
            "A pool does not record which frames were allocated as --kind fixed: name frames that must stay with --pin."
        },
        footer = {
            "%nExamples:",
            "  llfree compact /dev/shm/pool                                  # as many huge frames as possible",
            "  llfree compact /dev/shm/pool --goal 4 --strategy linux --moves moves.csv",
            "  llfree compact /dev/shm/pool --goal unusable=0.2 --pin 0x200 --json"
        })
final class CompactCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POOL", description = "The pool file.")
    private Path pool;

    @Option(names = "--strategy", defaultValue = "sparsest-first", paramLabel = "NAME",
            completionCandidates = StrategyNames.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private String strategy;

    @Option(names = "--goal", defaultValue = "max", paramLabel = "GOAL",
            description = "max, a number of huge frames to clear, or unusable=X to stop at an unusable free index"
                + " (Linux's, of the 2 MiB order) of at most X (0..1: the share of free frames outside free huge"
                + " frames) (default: ${DEFAULT-VALUE}).")
    private String goal;

    @Option(names = "--pin", paramLabel = "FRAME", converter = FrameConverter.class,
            description = "A frame that must stay where it is (repeatable); its block does not move.")
    private List<Long> pins = List.of();

    @Option(names = "--moves", paramLabel = "FILE", description = "Write every move to FILE as CSV: from,to,order.")
    private Path movesFile;

    @Mixin
    private Output output;

    /** What {@code compact} did. */
    record Compacted(Path pool, String strategy, String goal, long hugeCleared, long framesMoved, long blocksMoved,
                     long refused, long freeHugeBefore, long freeHugeAfter, double unusableBefore,
                     double unusableAfter, long lowerBoundMoves, long clearable, double wallMs) { }

    @Override
    public Integer call() throws IOException {
        Compactor compactor;
        Goal target;
        try {
            compactor = new Compactor(Strategy.named(strategy));
            target = Goal.parse(goal);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Compacted compacted;
        PoolMigrator migrator;
        try (CheckedPool checked = CheckedPool.open(pool, false)) {
            PoolAllocator p = checked.pool();
            migrator = new PoolMigrator(p, new HashSet<>(pins));
            LowerBound bound = LowerBound.of(p, migrator);
            long hugeBefore = p.freeHugeFrames();
            double unusableBefore = Goal.unusableFreeIndex(p);
            CompactionReport r = compactor.compact(0, p, migrator, target);
            compacted = new Compacted(pool, r.strategy(), r.goal().toString(), r.hugeCleared(), r.framesMoved(),
                    r.runsMoved(), r.refused(), hugeBefore, p.freeHugeFrames(), unusableBefore,
                    Goal.unusableFreeIndex(p), bound.moves(r.hugeCleared()), bound.clearable(), r.wallNanos() / 1e6);
        }
        if (movesFile != null) {
            writeMoves(migrator);
        }
        output.print(spec.commandLine().getOut(), compacted, out -> print(out, compacted));
        return ExitCodes.OK;
    }

    private void writeMoves(PoolMigrator migrator) throws IOException {
        StringBuilder csv = new StringBuilder("from,to,order\n");
        for (PoolMigrator.Move m : migrator.moves()) {
            csv.append(m.from()).append(',').append(m.to()).append(',').append(m.order()).append('\n');
        }
        Files.writeString(movesFile, csv);
    }

    private static void print(PrintWriter out, Compacted c) {
        out.printf(Locale.ROOT, "compacted %s with %s (goal %s) in %.1f ms%n", c.pool(), c.strategy(), c.goal(), c.wallMs());
        out.printf(Locale.ROOT, "  huge frames cleared: %d (free huge frames %d -> %d; at most %d can be cleared)%n",
                c.hugeCleared(), c.freeHugeBefore(), c.freeHugeAfter(), c.clearable());
        out.printf(Locale.ROOT, "  frames moved:        %d in %d blocks (lower bound for %d huge frames: %d)%n",
                c.framesMoved(), c.blocksMoved(), c.hugeCleared(), c.lowerBoundMoves());
        out.printf(Locale.ROOT, "  unusable free index: %.3f -> %.3f%n", c.unusableBefore(), c.unusableAfter());
        if (c.refused() > 0) {
            out.printf(Locale.ROOT, "  children kept for pinned frames: %d%n", c.refused());
        }
    }

    /** The strategy names, for picocli's {@code ${COMPLETION-CANDIDATES}}. */
    static final class StrategyNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Strategy.all().stream().map(Strategy::name).iterator();
        }
    }
}
