package dev.llfree.cli;

import dev.llfree.Durability;
import dev.llfree.FrameAllocator;
import dev.llfree.bench.AllocatorFactory;
import dev.llfree.bench.Allocators;
import dev.llfree.bench.BenchConfig;
import dev.llfree.bench.BenchMethod;
import dev.llfree.bench.BenchResult;
import dev.llfree.bench.BenchRunner;
import dev.llfree.bench.Comparison;
import dev.llfree.bench.CsvFormat;
import dev.llfree.bench.CsvWriter;
import dev.llfree.bench.Definitions;
import dev.llfree.bench.FragPlot;
import dev.llfree.bench.FragRunner;
import dev.llfree.bench.FragSample;
import dev.llfree.bench.FragTable;
import dev.llfree.bench.LatencyResult;
import dev.llfree.bench.LatencyRunner;
import dev.llfree.bench.LatencyTable;
import dev.llfree.bench.ResultSummary;
import dev.llfree.bench.ResultTable;
import dev.llfree.bench.ThroughputPlot;
import dev.llfree.bench.Workload;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code llfree bench}: runs the benchmark workloads on LLFree and the baselines and prints tables and
 * summaries to stdout, progress to stderr (a bar on a terminal once a bench runs longer than a second,
 * else a line per run) and, with {@code -o} and {@code --plot}, CSV
 * files and PNG charts.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = CompactionBenchCommand.class,
        description = {
            "Runs benchmark workloads on fresh allocators, interleaving the allocators run by run, and prints,"
                + " per workload and thread count, ns per get, ns per put and ops/s: the median of the runs with their"
                + " min..max, then the speed-ups of llfree over the baselines.",
            "Without arguments (the main job): repeat and bulk on llfree in volatile memory and in an emulated pmem pool"
                + " (a tmpfs file, real flushes), with 1 thread and with all cores, at the defaults below."
        },
        footer = {
            "%nWorkloads (each run on a fresh allocator; thread t uses core t):",
            "  bulk     each thread gets its share of all memory, then puts it all back",
            "  repeat   memory half full; each thread gets and puts one run in a loop",
            "           (get ns = put ns = ns per get+put pair)",
            "  rand     like bulk, but the frames are shuffled across the threads",
            "           before they are put back",
            "  frag     memory half full with runs of orders 0-3, then --rounds rounds",
            "           of putting 10%% of them back and refilling; free huge frames",
            "           against the ideal floor(free frames / 512) after each round",
            "  latency  p50/p99/p99.9/max of single gets and puts at 50%% and 99%% full",
            "%nAllocators: llfree (once per --durability), buddy (a model of the Linux",
            "buddy allocator with per-CPU lists), pmemobj (PMDK's libpmemobj, from",
            "libpmemobj1). Persistent pools are temporary files in /dev/shm unless",
            "--pool names one. libpmemobj flushes cache lines only with",
            "PMEM_IS_PMEM_FORCE=1 in the environment (else it msyncs; the bench warns):",
            "  PMEM_IS_PMEM_FORCE=1 llfree bench repeat --allocator llfree,pmemobj \\",
            "      --durability pmem,eadr --memory 1G",
            "%nFiles: -o out.csv writes the first kind of result the run has to out.csv",
            "and each other kind beside it with its name: bulk/repeat/rand runs, then",
            "frag samples (out-frag.csv), then latency percentiles (out-latency.csv);",
            "so 'bench frag -o frag.csv' writes frag.csv. --plot out.png likewise draws",
            "ns per get+put over threads and free huge frames over the rounds",
            "(out-frag.png); latency has no chart, and says so."
        })
final class BenchCommand implements Callable<Integer> {
    private static final List<Workload> DEFAULT_WORKLOADS = List.of(Workload.REPEAT, Workload.BULK);
    private static final String PREFIX = "llfree bench: ";
    /** The kinds of result, as {@link #fileFor} names their files. */
    private static final String RESULTS = "results";
    private static final String FRAG = "frag";
    private static final String LATENCY = "latency";

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "WORKLOAD", arity = "0..*", completionCandidates = WorkloadNames.class,
            description = "Workloads to run, in order: ${COMPLETION-CANDIDATES} (default: repeat bulk).")
    private List<String> workloads = List.of();

    @Option(names = "--allocator", split = ",", paramLabel = "NAME", defaultValue = "llfree",
            completionCandidates = AllocatorNames.class,
            description = "Allocators to compare: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private List<String> allocators;

    @Option(names = "--durability", split = ",", paramLabel = "MODE", defaultValue = "volatile,pmem",
            converter = BenchDurabilityConverter.class, completionCandidates = DurabilityNames.class,
            description = "Durabilities of llfree: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private List<Durability> durabilities;

    @Option(names = "--pool", paramLabel = "FILE",
            description = "Pool file for llfree's pmem/eadr/mapped runs: used with its own size when it exists, else"
                + " created with --memory and kept (default: a temporary file in /dev/shm, deleted afterwards).")
    private Path pool;

    @Option(names = "--threads", split = ",", paramLabel = "N",
            description = "Thread counts to measure (default: 1 and the number of available processors).")
    private List<Integer> threads = List.of();

    @Option(names = "--order", defaultValue = "0", paramLabel = "ORDER",
            description = "Get and put runs of 2^ORDER frames (default: ${DEFAULT-VALUE}; frag mixes orders 0-3).")
    private int order;

    @Option(names = "--memory", defaultValue = "8G", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Memory each allocator manages, with a K, M, G or T suffix (default: ${DEFAULT-VALUE}).")
    private long memoryBytes;

    @Option(names = "--runs", defaultValue = "5", paramLabel = "N",
            description = "Measured runs per workload and thread count, after one warm-up run (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--min-phase", defaultValue = "" + BenchMethod.DEFAULT_MIN_PHASE_MILLIS, paramLabel = "MS",
            description = "Each timed phase of bulk, repeat and rand lasts at least MS milliseconds per thread: the"
                + " workload repeats it, summing the times (default: ${DEFAULT-VALUE}; 0: one pass).")
    private long minPhaseMillis;

    @Option(names = "--definitions", defaultValue = "default", paramLabel = "NAME",
            description = "How bulk, repeat and rand size and repeat their phases: default (each thread's share of all"
                + " memory; phases of at least --min-phase) or llfree (llfree-rs: frames / max threads / 2 / 2^ORDER"
                + " runs per thread, 2^ORDER rounds, bulk puts last first; --min-phase is ignored).")
    private String definitions;

    @Option(names = "--pin", description = "Pin bench thread t to the t-th CPU the process may use (Linux"
            + " sched_setaffinity), so the scheduler does not move threads between CPUs during a run.")
    private boolean pin;

    @Option(names = "--rounds", defaultValue = "" + BenchConfig.DEFAULT_ROUNDS, paramLabel = "N",
            description = "Churn rounds of frag (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Also write the results as CSV (see Files).")
    private Path output;

    @Option(names = "--plot", paramLabel = "FILE", description = "Also draw the results as PNG charts (see Files).")
    private Path plot;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkDurabilityOptions();
        BenchConfig config = config(memory(err));
        warnIfOversubscribed(config, err);
        List<AllocatorFactory> factories = select(err);
        long start = System.nanoTime();
        try {
            List<BenchResult> results = runThroughput(factories, config, err);
            List<FragSample> frag = config.workloads().contains(Workload.FRAG) ? runFrag(factories, config, err) : List.of();
            List<LatencyResult> latency = config.workloads().contains(Workload.LATENCY)
                    ? runLatency(factories, config, err) : List.of();
            report(config, results, frag, latency, out);
            out.printf(Locale.ROOT, "Total: %.1f s.%n", Duration.ofNanos(System.nanoTime() - start).toMillis() / 1000.0);
            out.flush();
            plot(config, results, frag, latency, err);
        } finally {
            closeAll(factories);
        }
        return 0;
    }

    private void checkDurabilityOptions() {
        boolean llfree = allocators.contains(Allocators.LLFREE);
        if (!llfree && spec.commandLine().getParseResult().hasMatchedOption("--durability")) {
            throw new ParameterException(spec.commandLine(), "--durability: only llfree has durabilities (expected: llfree in --allocator)");
        }
        if (pool != null && (!llfree || durabilities.stream().noneMatch(Durability::persistent))) {
            throw new ParameterException(spec.commandLine(), "--pool: only llfree's pmem, eadr and mapped durabilities use a"
                    + " pool (expected: one of them in --durability)");
        }
    }

    /** --memory, or the size of the existing --pool. */
    private long memory(PrintWriter err) throws IOException {
        if (pool == null || !Files.exists(pool)) {
            return memoryBytes;
        }
        long poolBytes = Allocators.poolFrames(pool) * FrameAllocator.FRAME_SIZE;
        if (spec.commandLine().getParseResult().hasMatchedOption("--memory") && poolBytes != memoryBytes) {
            err.println(PREFIX + "using the size of pool " + pool + " (" + poolBytes + " bytes), not --memory");
        }
        return poolBytes;
    }

    private BenchConfig config(long memory) {
        List<Integer> threadCounts = threads.isEmpty() ? List.of(1, Runtime.getRuntime().availableProcessors()) : threads;
        try {
            List<Workload> named = workloads.isEmpty() ? DEFAULT_WORKLOADS : workloads.stream().map(Workload::of).toList();
            return new BenchConfig(named, order, threadCounts, memory, runs, BenchConfig.DEFAULT_SEED, rounds,
                    new BenchMethod(Definitions.of(definitions), minPhaseMillis, pin));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Threads beyond the CPUs this process may use share them: their figures measure the scheduler too. */
    private static void warnIfOversubscribed(BenchConfig config, PrintWriter err) {
        int cpus = Runtime.getRuntime().availableProcessors();
        int most = config.threads().stream().mapToInt(Integer::intValue).max().orElse(1);
        if (most > cpus) {
            err.println(PREFIX + "warning: " + most + " threads on " + cpus + " CPU" + (cpus == 1 ? "" : "s")
                    + " this process may use: runs with more threads than CPUs measure the scheduler too");
        }
    }

    private List<AllocatorFactory> select(PrintWriter err) throws IOException {
        Allocators.Selection selection;
        try {
            selection = Allocators.select(allocators, durabilities, pool);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        selection.warnings().forEach(warning -> err.println(PREFIX + warning));
        if (selection.factories().isEmpty()) {
            throw new IllegalStateException("no allocator can run here (see above)");
        }
        return selection.factories();
    }

    private List<BenchResult> runThroughput(List<AllocatorFactory> factories, BenchConfig config, PrintWriter err)
            throws IOException {
        if (config.workloads().stream().noneMatch(Workload::throughput)) {
            return List.of();
        }
        BenchRunner runner = new BenchRunner(factories, config);
        try (CsvWriter<BenchResult> csv = openCsv(fileFor(output, RESULTS, config), CsvFormat.RESULTS);
             BenchProgress progress = new BenchProgress(err, runner.warmUpCount() + runner.runCount(),
                     BenchProgress.stderrIsTerminal())) {
            return runner.run(progress::finished, result -> {
                progress.finished(result.allocator() + "/" + result.durability() + " " + result.describe());
                write(csv, result);
            });
        }
    }

    private List<FragSample> runFrag(List<AllocatorFactory> factories, BenchConfig config, PrintWriter err) throws IOException {
        try (CsvWriter<FragSample> csv = openCsv(fileFor(output, FRAG, config), CsvFormat.FRAG)) {
            return new FragRunner(factories, config).run(samples -> {
                FragSample last = samples.getLast();
                err.printf(Locale.ROOT, "[frag] %s, %d thread(s): %d free huge frames of an ideal %d (%.1f%%) after %d rounds%n",
                        last.label(), last.threads(), last.freeHugeFrames(), last.idealHugeFrames(),
                        100 * last.shareOfIdeal(), last.round());
                err.flush();
                samples.forEach(sample -> write(csv, sample));
            }, skip -> err.println(PREFIX + skip));
        }
    }

    private List<LatencyResult> runLatency(List<AllocatorFactory> factories, BenchConfig config, PrintWriter err)
            throws IOException {
        try (CsvWriter<LatencyResult> csv = openCsv(fileFor(output, LATENCY, config), CsvFormat.LATENCY)) {
            return new LatencyRunner(factories, config).run(r -> {
                err.printf(Locale.ROOT, "[latency] %s %s, %d thread(s), %d%% full: p50 %d ns, p99 %d ns, p99.9 %d ns, max %d ns%n",
                        r.label(), r.op(), r.threads(), r.fillPercent(), r.p50Ns(), r.p99Ns(), r.p999Ns(), r.maxNs());
                err.flush();
                write(csv, r);
            });
        }
    }

    private static void report(BenchConfig config, List<BenchResult> results, List<FragSample> frag,
                               List<LatencyResult> latency, PrintWriter out) {
        if (!results.isEmpty()) {
            ResultTable.print(results, out);
            out.println();
            ResultSummary.describe(config, results).forEach(out::println);
            Comparison.describe(results).forEach(out::println);
            out.println();
        }
        if (!frag.isEmpty()) {
            FragTable.print(frag, out);
            out.println();
        }
        if (!latency.isEmpty()) {
            LatencyTable.print(latency, out);
            out.println();
        }
    }

    private void plot(BenchConfig config, List<BenchResult> results, List<FragSample> frag, List<LatencyResult> latency,
                      PrintWriter err) throws IOException {
        if (plot == null) {
            return;
        }
        if (!results.isEmpty()) {
            Path file = fileFor(plot, RESULTS, config);
            ThroughputPlot.write(results, file);
            err.println(PREFIX + "wrote " + file);
        }
        if (!frag.isEmpty()) {
            Path file = fileFor(plot, FRAG, config);
            FragPlot.write(frag, file);
            err.println(PREFIX + "wrote " + file);
        }
        if (!latency.isEmpty()) {
            err.println(PREFIX + "--plot: latency has no chart (its percentiles are in the table and the CSV)");
        }
    }

    /**
     * Where the CSV or chart of {@code kind} goes: {@code named} itself for the first kind of result this run has
     * (throughput, frag, latency, in that order), else {@code named} with {@code -kind} before its extension.
     */
    private static Path fileFor(Path named, String kind, BenchConfig config) {
        if (named == null) {
            return null;
        }
        List<String> kinds = new ArrayList<>();
        if (config.workloads().stream().anyMatch(Workload::throughput)) {
            kinds.add(RESULTS);
        }
        if (config.workloads().contains(Workload.FRAG)) {
            kinds.add(FRAG);
        }
        if (config.workloads().contains(Workload.LATENCY)) {
            kinds.add(LATENCY);
        }
        return kinds.getFirst().equals(kind) ? named : OutputFiles.sibling(named, kind);
    }

    /** A CSV writer on {@code file}, or {@code null} without one. */
    private static <T> CsvWriter<T> openCsv(Path file, CsvFormat<T> format) throws IOException {
        if (file == null) {
            return null;
        }
        try {
            return new CsvWriter<>(Files.newBufferedWriter(file), format);
        } catch (IOException e) {
            throw new IOException("cannot write " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().equals(file.toString()) ? "" : " " + e.getMessage()), e);
        }
    }

    private static <T> void write(CsvWriter<T> csv, T row) {
        if (csv == null) {
            return;
        }
        try {
            csv.write(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeAll(List<AllocatorFactory> factories) throws IOException {
        IOException failure = null;
        for (AllocatorFactory factory : factories) {
            try {
                factory.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The workload names, for picocli's {@code ${COMPLETION-CANDIDATES}}. */
    static final class WorkloadNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Workload.values()).map(Workload::toString).iterator();
        }
    }

    /** The allocator names, for picocli's {@code ${COMPLETION-CANDIDATES}}. */
    static final class AllocatorNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Allocators.NAMES.iterator();
        }
    }

    /** The durabilities llfree is benchmarked in, for picocli's {@code ${COMPLETION-CANDIDATES}}. */
    static final class DurabilityNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Allocators.DURABILITIES.stream().map(Durability::label).iterator();
        }
    }

    /** Parses one of {@link Allocators#CHOICES} by its label. */
    static final class BenchDurabilityConverter implements ITypeConverter<Durability> {
        @Override
        public Durability convert(String value) {
            return Allocators.DURABILITIES.stream().filter(d -> d.label().equals(value.strip().toLowerCase(Locale.ROOT)))
                    .findFirst().orElseThrow(() -> new TypeConversionException("'" + value + "' is not a bench durability"
                            + " (expected one of: volatile, pmem, eadr, mapped, auto)"));
        }
    }
}
