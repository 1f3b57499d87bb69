package dev.llfree.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The runs of one measured point (allocator, durability, workload, order, thread count) condensed into
 * spreads.
 *
 * @param first        the point's first run; its fields other than the timings name the point
 * @param runs         number of runs
 * @param getNs        ns per get over the runs
 * @param putNs        ns per put over the runs
 * @param opsPerSecond throughput over the runs
 */
record PointStats(BenchResult first, int runs, Spread getNs, Spread putNs, Spread opsPerSecond) {

    private record Key(String allocator, String durability, Workload workload, int order, int threads) {
        Key(BenchResult r) {
            this(r.allocator(), r.durability(), r.workload(), r.order(), r.threads());
        }
    }

    /**
     * Median ns per get+put: the sum of the get and put medians, or for {@link Workload#REPEAT}, whose get
     * and put columns both hold the time of a pair, that time.
     */
    double pairNs() {
        return first.workload() == Workload.REPEAT ? getNs.median() : getNs.median() + putNs.median();
    }

    /** The fastest run's ns per get+put: for bulk and rand, the get and put minimums added. */
    double pairMinNs() {
        return first.workload() == Workload.REPEAT ? getNs.min() : getNs.min() + putNs.min();
    }

    /** The slowest run's ns per get+put: for bulk and rand, the get and put maximums added. */
    double pairMaxNs() {
        return first.workload() == Workload.REPEAT ? getNs.max() : getNs.max() + putNs.max();
    }

    /** {@code allocator/durability}. */
    String label() {
        return first.allocator() + "/" + first.durability();
    }

    /** One entry per point, in the order the points first appear in {@code results}. */
    static List<PointStats> of(List<BenchResult> results) {
        Map<Key, List<BenchResult>> byPoint = new LinkedHashMap<>();
        for (BenchResult r : results) {
            byPoint.computeIfAbsent(new Key(r), k -> new ArrayList<>()).add(r);
        }
        return byPoint.values().stream()
                .map(runs -> new PointStats(runs.getFirst(), runs.size(), spread(runs, BenchResult::getNs),
                        spread(runs, BenchResult::putNs), spread(runs, BenchResult::opsPerSecond)))
                .toList();
    }

    private static Spread spread(List<BenchResult> runs, ToDoubleFunction<BenchResult> field) {
        return Spread.of(runs.stream().mapToDouble(field).toArray());
    }
}
