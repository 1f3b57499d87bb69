package dev.llfree.bench;

import dev.llfree.Durability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Speed-ups of LLFree over the baselines measured in the same run: for each LLFree durability and each
 * other allocator of the same kind (volatile against volatile, persistent against persistent), the
 * baseline's median ns per get+put ({@link PointStats#pairNs()}) divided by LLFree's, per workload and
 * thread count.
 *
 * <p>Thread safety: stateless.
 */
public final class Comparison {
    private Comparison() { }

    /** One line per (LLFree durability, baseline) pair present in {@code results}; none without both. */
    public static List<String> describe(List<BenchResult> results) {
        List<PointStats> points = PointStats.of(results);
        Map<String, Boolean> persistent = new LinkedHashMap<>();
        points.forEach(p -> persistent.putIfAbsent(p.label(), Durability.parse(p.first().durability()).persistent()));
        List<String> lines = new ArrayList<>();
        for (String ours : persistent.keySet().stream().filter(Comparison::isLLFree).toList()) {
            for (String theirs : persistent.keySet().stream()
                    .filter(l -> !isLLFree(l) && persistent.get(l).equals(persistent.get(ours))).toList()) {
                String ratios = points.stream().filter(p -> p.label().equals(ours))
                        .map(p -> ratio(p, find(points, theirs, p)))
                        .flatMap(Optional::stream)
                        .collect(Collectors.joining(", "));
                lines.add("Speed-up of " + ours + " over " + theirs + " (ns per get+put, medians): " + ratios + ".");
            }
        }
        return lines;
    }

    private static boolean isLLFree(String label) {
        return label.startsWith(Allocators.LLFREE + "/");
    }

    private static Optional<PointStats> find(List<PointStats> points, String label, PointStats like) {
        return points.stream().filter(p -> p.label().equals(label) && p.first().workload() == like.first().workload()
                && p.first().threads() == like.first().threads()).findFirst();
    }

    private static Optional<String> ratio(PointStats ours, Optional<PointStats> theirs) {
        return theirs.map(t -> String.format(Locale.ROOT, "%s %s %.1fx (%.0f vs %.0f ns)", ours.first().workload(),
                Units.threads(ours.first().threads()), t.pairNs() / ours.pairNs(), ours.pairNs(), t.pairNs()));
    }
}
