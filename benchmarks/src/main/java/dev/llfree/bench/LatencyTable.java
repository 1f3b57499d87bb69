package dev.llfree.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Prints latency results, one row per allocator, fill level, thread count and operation, and a summary
 * line with the tail ratio (p99.9 / p50) of gets at the highest fill.
 *
 * <p>Thread safety: stateless.
 */
public final class LatencyTable {
    private static final String ROW = "%-16s %-4s %5s %7s %5s %10s %8s %8s %9s %10s %10s%n";

    private LatencyTable() { }

    /** Prints the header, one row per result and the summary lines. */
    public static void print(List<LatencyResult> results, PrintWriter out) {
        out.printf(Locale.ROOT, ROW, "allocator", "op", "order", "threads", "fill", "samples", "p50 ns", "p99 ns",
                "p99.9 ns", "max ns", "p99.9/p50");
        for (LatencyResult r : results) {
            out.printf(Locale.ROOT, ROW, r.label(), r.op(), r.order(), r.threads(), r.fillPercent() + "%", r.samples(),
                    r.p50Ns(), r.p99Ns(), r.p999Ns(), r.maxNs(), String.format(Locale.ROOT, "%.2f", r.tailRatio()));
        }
        int fullest = LatencyRunner.FILL_PERCENTS.getLast();
        out.println("Latency: p99.9/p50 of get at " + fullest + "% full: " + results.stream()
                .filter(r -> r.op().equals("get") && r.fillPercent() == fullest)
                .map(r -> String.format(Locale.ROOT, "%s (%s) %.2fx", r.label(), Units.threads(r.threads()), r.tailRatio()))
                .collect(Collectors.joining(", ")) + "; every sample includes one System.nanoTime() call, median "
                + results.getFirst().clockNs() + " ns.");
        out.flush();
    }
}
