package dev.llfree.bench;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Plots the throughput workloads: one chart per workload, with the median ns per get+put
 * ({@link PointStats#pairNs()}) of each allocator per thread count, on a logarithmic axis when the
 * allocators differ by more than {@value #LOG_SPAN}x, else on a linear axis from 0.
 *
 * <p>Thread safety: stateless.
 */
public final class ThroughputPlot {
    private static final double LOG_SPAN = 10;

    private ThroughputPlot() { }

    /**
     * Writes the charts of {@code results} to {@code file} as a PNG.
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(List<BenchResult> results, Path file) throws IOException {
        List<PointStats> points = PointStats.of(results);
        List<CategoryChart> charts = points.stream().map(p -> p.first().workload()).distinct()
                .map(w -> chart(points.stream().filter(p -> p.first().workload() == w).toList()))
                .toList();
        PngCharts.save(charts, file);
    }

    private static CategoryChart chart(List<PointStats> points) {
        BenchResult first = points.getFirst().first();
        CategoryChart chart = new CategoryChartBuilder().width(PngCharts.WIDTH).height(PngCharts.HEIGHT)
                .title(first.workload() + ", order " + first.order() + ", " + Units.bytes(first.memoryBytes())
                        + ": ns per get+put (median; lower is better)")
                .xAxisTitle("threads").yAxisTitle("ns per get+put").build();
        PngCharts.style(chart.getStyler(), Styler.LegendLayout.Horizontal);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setOverlapped(true);
        double min = points.stream().mapToDouble(PointStats::pairNs).min().orElseThrow();
        double max = points.stream().mapToDouble(PointStats::pairNs).max().orElseThrow();
        boolean logarithmic = max > LOG_SPAN * min;
        chart.getStyler().setYAxisLogarithmic(logarithmic);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
        if (!logarithmic) {
            chart.getStyler().setYAxisMin(0.0);
        }
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        for (String label : points.stream().map(PointStats::label).distinct().toList()) {
            List<PointStats> series = points.stream().filter(p -> p.label().equals(label)).toList();
            chart.addSeries(label, series.stream().map(p -> Units.threads(p.first().threads())).toList(),
                    series.stream().map(PointStats::pairNs).toList());
        }
        return chart;
    }
}
