package dev.llfree.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Prints results as a table with one row per allocator, workload, order and thread count: ns per get,
 * ns per put and operations per second, each as the median of the runs with their min..max.
 *
 * <p>Thread safety: stateless.
 */
public final class ResultTable {
    private static final String ROW = "%-16s %-8s %5s %7s %5s  %-26s %-26s %s%n";

    private ResultTable() { }

    /** Prints the header and one row per measured point. */
    public static void print(List<BenchResult> results, PrintWriter out) {
        out.printf(Locale.ROOT, ROW, "allocator", "workload", "order", "threads", "runs",
                "get ns median (min..max)", "put ns median (min..max)", "ops/s median (min..max)");
        for (PointStats p : PointStats.of(results)) {
            BenchResult r = p.first();
            out.printf(Locale.ROOT, ROW, r.allocator() + "/" + r.durability(), r.workload(), r.order(), r.threads(),
                    p.runs(), nanos(p.getNs()), nanos(p.putNs()), rate(p.opsPerSecond()));
        }
        out.flush();
    }

    private static String nanos(Spread s) {
        return String.format(Locale.ROOT, "%.1f (%.1f..%.1f)", s.median(), s.min(), s.max());
    }

    private static String rate(Spread s) {
        return Units.rate(s.median()) + " (" + Units.rate(s.min()) + ".." + Units.rate(s.max()) + ")";
    }
}
