package dev.llfree.bench.compaction;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Prints {@code bench compaction} results: one row per pinned share and strategy, with the bound's
 * figures beside the measured ones.
 *
 * <p>Thread safety: stateless.
 */
public final class CompactionTable {
    private static final String ROW = "%-15s %6s %10s %10s %12s %12s %10s %12s %8s %9s%n";

    private CompactionTable() { }

    public static void print(List<CompactionResult> results, PrintWriter out) {
        out.printf(Locale.ROOT, ROW, "strategy", "pinned", "cleared", "clearable", "moved", "bound moves", "x bound",
            "moves/huge", "refused", "wall ms");
        for (CompactionResult r : results) {
            out.printf(Locale.ROOT, ROW, r.strategy(), r.pinnedPercent() + "%", r.hugeCleared(), r.clearable(),
                r.framesMoved(), r.lowerBoundMoves(), String.format(Locale.ROOT, "%.3f", r.boundRatio()),
                String.format(Locale.ROOT, "%.1f", r.movesPerHuge()), r.refused(), String.format(Locale.ROOT, "%.1f", r.wallMs()));
        }
        out.flush();
    }
}
