package dev.llfree.cli;

import dev.llfree.bench.AllocatorFactory;
import dev.llfree.bench.BenchConfig;
import dev.llfree.bench.BenchResult;
import dev.llfree.bench.BenchRunner;
import dev.llfree.bench.ResultCsvWriter;
import dev.llfree.bench.ResultSummary;
import dev.llfree.bench.ResultTable;
import dev.llfree.bench.Workload;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code llfree bench}: runs the LLFree benchmark workloads and prints a table and a summary to stdout,
 * a progress line per run to stderr and, with {@code -o}, the runs as CSV.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs the LLFree benchmark workloads on fresh volatile allocators and prints, per workload and thread"
                + " count, ns per get, ns per put and ops/s: the median of the runs with their min..max.",
            "Without arguments: repeat and bulk with 1 thread and with all cores, at the defaults below."
        },
        footer = {
            "%nWorkloads (each run on a fresh allocator; thread t uses core t):",
            "  bulk    each thread gets its share of all memory, then puts it all back",
            "  repeat  memory half full; each thread gets and puts one run in a loop",
            "          (get ns = put ns = ns per get+put pair)",
            "  rand    like bulk, but the frames are shuffled across the threads",
            "          before they are put back"
        })
final class BenchCommand implements Callable<Integer> {
    private static final List<Workload> DEFAULT_WORKLOADS = List.of(Workload.REPEAT, Workload.BULK);

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "WORKLOAD", arity = "0..*", completionCandidates = WorkloadNames.class,
            description = "Workloads to run, in order: ${COMPLETION-CANDIDATES} (default: repeat bulk).")
    private List<String> workloads = List.of();

    @Option(names = "--threads", split = ",", paramLabel = "N",
            description = "Thread counts to measure (default: 1 and the number of available processors).")
    private List<Integer> threads = List.of();

    @Option(names = "--order", defaultValue = "0", paramLabel = "ORDER",
            description = "Get and put runs of 2^ORDER frames (default: ${DEFAULT-VALUE}).")
    private int order;

    @Option(names = "--memory", defaultValue = "8G", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Memory the allocator manages, with a K, M, G or T suffix (default: ${DEFAULT-VALUE}).")
    private long memoryBytes;

    @Option(names = "--runs", defaultValue = "5", paramLabel = "N",
            description = "Measured runs per workload and thread count, after one warm-up run (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Also write every run to FILE as CSV.")
    private Path output;

    @Override
    public Integer call() throws IOException {
        BenchConfig config = config();
        AllocatorFactory factory = AllocatorFactory.LLFREE_VOLATILE;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        List<BenchResult> results;
        try (ResultCsvWriter csv = openCsv()) {
            int total = config.workloads().size() * config.threads().size() * config.runs();
            AtomicInteger done = new AtomicInteger();
            results = new BenchRunner(factory, config).run(result -> {
                err.printf("[%d/%d] %s%n", done.incrementAndGet(), total, result.describe());
                err.flush();
                write(csv, result);
            });
        }
        ResultTable.print(results, out);
        out.println();
        out.println(ResultSummary.describe(factory, config, results, Duration.ofNanos(System.nanoTime() - start)));
        out.flush();
        return 0;
    }

    private BenchConfig config() {
        List<Integer> threadCounts = threads.isEmpty() ? List.of(1, Runtime.getRuntime().availableProcessors()) : threads;
        try {
            List<Workload> named = workloads.isEmpty() ? DEFAULT_WORKLOADS : workloads.stream().map(Workload::of).toList();
            return new BenchConfig(named, order, threadCounts, memoryBytes, runs, BenchConfig.DEFAULT_SEED);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** The CSV writer for {@code -o}, or {@code null} without it. */
    private ResultCsvWriter openCsv() throws IOException {
        if (output == null) {
            return null;
        }
        try {
            return new ResultCsvWriter(Files.newBufferedWriter(output));
        } catch (IOException e) {
            throw new IOException("cannot write " + output + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().equals(output.toString()) ? "" : " " + e.getMessage()), e);
        }
    }

    private static void write(ResultCsvWriter csv, BenchResult result) {
        if (csv == null) {
            return;
        }
        try {
            csv.write(result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The workload names, for picocli's {@code ${COMPLETION-CANDIDATES}}. */
    static final class WorkloadNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Workload.values()).map(Workload::toString).iterator();
        }
    }
}
