package dev.llfree.bench.compaction;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The lines under the {@code bench compaction} table, one per pinned share: each strategy's distance to
 * the lower bound, its moves per cleared huge frame against {@code linux}'s, and the share of the
 * clearable huge frames it cleared.
 *
 * <p>Thread safety: stateless.
 */
public final class CompactionSummary {
    private CompactionSummary() { }

    public static List<String> describe(List<CompactionResult> results) {
        return results.stream().map(CompactionResult::pinnedPercent).distinct()
            .map(pinned -> line(pinned, results.stream().filter(r -> r.pinnedPercent() == pinned).toList()))
            .toList();
    }

    private static String line(int pinned, List<CompactionResult> rows) {
        Optional<CompactionResult> linux = rows.stream().filter(r -> r.strategy().equals("linux")).findFirst();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%d%% pinned:", pinned));
        for (CompactionResult r : rows) {
            line.append(String.format(Locale.ROOT, " %s %.3fx bound, %.0f%% of clearable", r.strategy(), r.boundRatio(),
                100 * r.clearedShare()));
            if (linux.isPresent() && !r.strategy().equals("linux")) {
                line.append(String.format(Locale.ROOT, ", %.0f%% fewer moves per huge frame than linux",
                    100 * (1 - r.movesPerHuge() / linux.get().movesPerHuge())));
            }
            line.append(';');
        }
        line.setCharAt(line.length() - 1, '.');
        return line.toString();
    }
}
