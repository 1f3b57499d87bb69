package dev.llfree.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A one-paragraph summary of a benchmark: what was measured, each workload's median throughput per
 * thread count with its speed-up over the first thread count, and the wall time.
 *
 * <p>Thread safety: stateless.
 */
public final class ResultSummary {
    private ResultSummary() { }

    /** The summary of {@code results}, measured with {@code config} on {@code factory}'s allocator in {@code elapsed}. */
    public static String describe(AllocatorFactory factory, BenchConfig config, List<BenchResult> results, Duration elapsed) {
        List<PointStats> points = PointStats.of(results);
        String workloads = config.workloads().stream()
                .map(w -> w + " " + throughputs(points.stream().filter(p -> p.first().workload() == w).toList()))
                .collect(Collectors.joining("; "));
        return String.format(Locale.ROOT, "Summary: %s on %s (%d frames), order %d, median of %d run%s: %s; total %.1f s.",
                factory.label(), Units.bytes(config.memoryBytes()), config.frames(), config.order(), config.runs(),
                config.runs() == 1 ? "" : "s", workloads, elapsed.toMillis() / 1000.0);
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
