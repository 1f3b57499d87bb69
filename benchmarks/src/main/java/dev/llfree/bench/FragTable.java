package dev.llfree.bench;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints the frag samples as one row per allocator and thread count: free huge frames as a share of the
 * ideal ({@code floor(free frames / 512)}) after the fill and after a quarter, half, three quarters and all
 * of the churn rounds, then the last counts, and a summary line of the final shares.
 *
 * <p>Thread safety: stateless.
 */
public final class FragTable {
    private static final String ROW = "%-16s %7s %7s  %8s %8s %8s %8s %8s  %11s %11s %12s%n";
    private static final int QUARTERS = 4;

    private FragTable() { }

    /** Prints the header, one row per series and the summary line. */
    public static void print(List<FragSample> samples, PrintWriter out) {
        Map<String, List<FragSample>> series = series(samples);
        out.printf(Locale.ROOT, ROW, "allocator", "threads", "rounds", "fill", "25%", "50%", "75%", "100%",
                "free huge", "ideal huge", "failed gets");
        series.values().forEach(s -> {
            FragSample last = s.getLast();
            String[] shares = new String[QUARTERS + 1];
            for (int q = 0; q <= QUARTERS; q++) {
                shares[q] = percent(s.get((s.size() - 1) * q / QUARTERS).shareOfIdeal());
            }
            out.printf(Locale.ROOT, ROW, last.label(), last.threads(), last.round(), shares[0], shares[1], shares[2],
                    shares[3], shares[4], last.freeHugeFrames(), last.idealHugeFrames(), last.failedGets());
        });
        out.println("Frag: free huge frames as a share of the ideal after the last round: " + series.values().stream()
                .map(s -> s.getLast().label() + " (" + Units.threads(s.getLast().threads()) + ") "
                        + percent(s.getLast().shareOfIdeal()))
                .collect(Collectors.joining(", ")) + ".");
        out.flush();
    }

    /** The samples per allocator and thread count, in round order. */
    static Map<String, List<FragSample>> series(List<FragSample> samples) {
        return samples.stream().collect(Collectors.groupingBy(s -> s.label() + " " + Units.threads(s.threads()),
                LinkedHashMap::new, Collectors.toList()));
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }
}
