package dev.llfree.cli;

import dev.llfree.bench.CompactionPlot;
import dev.llfree.bench.CsvWriter;
import dev.llfree.bench.compaction.CompactionBench;
import dev.llfree.bench.compaction.CompactionConfig;
import dev.llfree.bench.compaction.CompactionResult;
import dev.llfree.bench.compaction.CompactionSummary;
import dev.llfree.bench.compaction.CompactionTable;
import dev.llfree.compaction.Goal;
import dev.llfree.compaction.Strategy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code llfree bench compaction}: fragments memory with LLFree's churn and runs every compaction strategy
 * on the same snapshot, for each pinned share; prints a table and a summary, and with {@code -o} the CSV.
 */
@Command(name = "compaction", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Fragments a volatile allocator with LLFree's churn (get every frame, put a random half, then each"
                + " round put a random tenth of the frames held and get as many), with PINNED%% of the gets of kind"
                + " fixed (never moved), then compacts that same snapshot with each strategy towards the goal.",
            "Per strategy: huge frames cleared (and the most any compaction can clear), frames moved, the lower"
                + " bound on the frames any compaction moves for as many huge frames (the sum of the smallest"
                + " occupancies of the children that can be emptied), children kept for pinned frames, wall time."
        },
        footer = {
            "%nCSV columns (-o): strategy,pinned_percent,churn_rounds,huge_cleared,frames_moved,lower_bound_moves,"
                + "refused,wall_ms"
        })
final class CompactionBenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--memory", defaultValue = "4G", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Memory the allocator manages, with a K, M, G or T suffix (default: ${DEFAULT-VALUE}).")
    private long memoryBytes;

    @Option(names = "--rounds", defaultValue = "10", paramLabel = "N",
            description = "Churn rounds before the snapshot (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--pinned", split = ",", paramLabel = "PERCENT", defaultValue = "0,1,5,10",
            description = "Shares of gets that are pinned, in percent (default: ${DEFAULT-VALUE}).")
    private List<Integer> pinned;

    @Option(names = "--goal", defaultValue = "max", paramLabel = "GOAL",
            description = "max, a number of huge frames to clear, or unusable=X (default: ${DEFAULT-VALUE}).")
    private String goal;

    @Option(names = "--strategy", split = ",", paramLabel = "NAME", completionCandidates = CompactCommand.StrategyNames.class,
            description = "Strategies to run, in order (default: all: ${COMPLETION-CANDIDATES}).")
    private List<String> strategies = List.of();

    @Option(names = "--cores", defaultValue = "4", paramLabel = "N",
            description = "Reservation slots the churn takes turns on (default: ${DEFAULT-VALUE}).")
    private int cores;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "SEED", description = "Seed of the churn (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Also write the results to FILE as CSV.")
    private Path output;

    @Option(names = "--plot", paramLabel = "FILE", description = "Also draw the results as a PNG: frames moved over the"
            + " lower bound, and huge frames cleared against the most that can be, per strategy over the pinned share.")
    private Path plot;

    @Override
    public Integer call() throws IOException {
        CompactionConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<CompactionResult> results;
        try (CsvWriter<CompactionResult> csv = output == null ? null
                : new CsvWriter<>(Files.newBufferedWriter(output), CompactionResult.CSV)) {
            results = new CompactionBench(config).run(r -> {
                err.printf("%s, %d%% pinned: %d huge frames cleared, %d frames moved%n", r.strategy(), r.pinnedPercent(),
                        r.hugeCleared(), r.framesMoved());
                err.flush();
                write(csv, r);
            });
        }
        if (plot != null) {
            CompactionPlot.write(results, plot);
        }
        CompactionTable.print(results, out);
        out.println();
        CompactionSummary.describe(results).forEach(out::println);
        out.flush();
        return ExitCodes.OK;
    }

    private CompactionConfig config() {
        try {
            List<Strategy> named = strategies.isEmpty() ? Strategy.all() : strategies.stream().map(Strategy::named).toList();
            return new CompactionConfig(memoryBytes, cores, rounds, pinned, Goal.parse(goal), named, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static void write(CsvWriter<CompactionResult> csv, CompactionResult result) {
        if (csv == null) {
            return;
        }
        try {
            csv.write(result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
