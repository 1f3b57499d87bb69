package dev.llfree.bench;

import dev.llfree.bench.compaction.CompactionResult;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Plots {@code bench compaction}: over the share of pinned gets, the frames each strategy moved as a multiple of the
 * fewest any compaction moves to clear as many huge frames (the offline lower bound, 1), and the huge frames it
 * cleared against the most that can be; one line per strategy (each in its own colour, dash and marker), the bound
 * as a black dashed line.
 *
 * <p>Thread safety: stateless.
 */
public final class CompactionPlot {
    private CompactionPlot() { }

    /**
     * Writes the two charts of {@code results} side by side to {@code file} as a PNG.
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(List<CompactionResult> results, Path file) throws IOException {
        Map<String, List<CompactionResult>> byStrategy = new LinkedHashMap<>();
        for (CompactionResult r : results) {
            byStrategy.computeIfAbsent(r.strategy(), s -> new ArrayList<>()).add(r);
        }
        List<CompactionResult> first = byStrategy.values().iterator().next();
        XYChart moves = chart("frames moved, over the lower bound (lower is better)", "frames moved / lower bound");
        XYChart cleared = chart("huge frames cleared (higher is better)", "huge frames");
        int index = 0;
        for (Map.Entry<String, List<CompactionResult>> s : byStrategy.entrySet()) {
            PngCharts.distinguish(moves.getStyler(), line(moves, s.getKey(), s.getValue(), CompactionResult::boundRatio),
                index);
            PngCharts.distinguish(cleared.getStyler(), line(cleared, s.getKey(), s.getValue(), r -> r.hugeCleared()),
                index++);
        }
        bound(line(moves, "lower bound", first, r -> 1.0));
        bound(line(cleared, "clearable (bound)", first, r -> r.clearable()));
        PngCharts.save(List.of(moves, cleared), file);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(PngCharts.WIDTH).height(PngCharts.HEIGHT).title(title)
                .xAxisTitle("pinned gets (%)").yAxisTitle(yTitle).build();
        PngCharts.style(chart.getStyler(), Styler.LegendLayout.Vertical);
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    private static XYSeries line(XYChart chart, String name, List<CompactionResult> results,
                                 ToDoubleFunction<CompactionResult> y) {
        return chart.addSeries(name, results.stream().map(r -> (double) r.pinnedPercent()).toList(),
                results.stream().map(y::applyAsDouble).toList());
    }

    private static void bound(XYSeries line) {
        line.setLineStyle(SeriesLines.DASH_DASH);
        line.setLineColor(Color.BLACK);
        line.setMarkerColor(Color.BLACK);
    }
}
