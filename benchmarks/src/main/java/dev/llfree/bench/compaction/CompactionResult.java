package dev.llfree.bench.compaction;

import dev.llfree.bench.CsvFormat;
import java.util.Locale;

/**
 * One strategy on one snapshot.
 *
 * @param strategy        the strategy's name
 * @param pinnedPercent   share of gets that were pinned ({@code FIXED})
 * @param churnRounds     churn rounds before the snapshot
 * @param hugeCleared     huge frames the compaction cleared
 * @param framesMoved     frames it moved
 * @param lowerBoundMoves the fewest frames any compaction moves to clear {@code hugeCleared} huge frames
 * @param clearable       the most huge frames any compaction can clear on this snapshot (the bound's)
 * @param refused         children given up because a run was pinned
 * @param wallMs          wall time of the compaction
 */
public record CompactionResult(String strategy, int pinnedPercent, int churnRounds, long hugeCleared, long framesMoved,
                               long lowerBoundMoves, long clearable, long refused, double wallMs) {
    /** The CSV of {@code bench compaction}: one row per strategy and pinned share. */
    public static final CsvFormat<CompactionResult> CSV = new CsvFormat<>(
        "strategy,pinned_percent,churn_rounds,huge_cleared,frames_moved,lower_bound_moves,refused,wall_ms",
        r -> String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%d,%.1f", r.strategy, r.pinnedPercent, r.churnRounds,
            r.hugeCleared, r.framesMoved, r.lowerBoundMoves, r.refused, r.wallMs));

    /** Frames moved over the bound's frames for the same huge frames (1 = optimal; NaN if none was cleared). */
    public double boundRatio() {
        return lowerBoundMoves == 0 ? Double.NaN : (double) framesMoved / lowerBoundMoves;
    }

    /** Frames moved per cleared huge frame (NaN if none was cleared). */
    public double movesPerHuge() {
        return hugeCleared == 0 ? Double.NaN : (double) framesMoved / hugeCleared;
    }

    /** Cleared huge frames as a share of what the bound says is clearable (NaN if nothing is). */
    public double clearedShare() {
        return clearable == 0 ? Double.NaN : (double) hugeCleared / clearable;
    }
}
