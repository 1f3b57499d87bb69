package dev.llfree.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A one-paragraph summary per allocator of the throughput workloads: what was measured, and each
 * workload's median throughput per thread count with its speed-up over the first thread count.
 *
 * <p>Thread safety: stateless.
 */
public final class ResultSummary {
    private ResultSummary() { }

    /** One line per allocator in {@code results}, in the order they first appear. */
    public static List<String> describe(BenchConfig config, List<BenchResult> results) {
        List<PointStats> points = PointStats.of(results);
        return points.stream().map(PointStats::label).distinct().map(label -> {
            String workloads = config.workloads().stream().filter(Workload::throughput)
                    .map(w -> w + " " + throughputs(points.stream()
                            .filter(p -> p.label().equals(label) && p.first().workload() == w).toList()))
                    .collect(Collectors.joining("; "));
            String definitions = config.method().definitions() == Definitions.DEFAULT ? ""
                    : ", " + config.method().definitions() + " definitions";
            return String.format(Locale.ROOT, "Summary: %s on %s (%d frames), order %d%s, median of %d run%s: %s.", label,
                    Units.bytes(config.memoryBytes()), config.frames(), config.order(), definitions, config.runs(),
                    config.runs() == 1 ? "" : "s", workloads);
        }).toList();
    }

    private static String throughputs(List<PointStats> points) {
        double base = points.getFirst().opsPerSecond().median();
        return points.stream().map(p -> {
            double rate = p.opsPerSecond().median();
            String speedup = p == points.getFirst() ? "" : String.format(Locale.ROOT, " (%.2fx)", rate / base);
            return Units.rate(rate) + " ops/s with " + Units.threads(p.first().threads()) + speedup;
        }).collect(Collectors.joining(", "));
    }
}
