package dev.llfree.bench;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Plots the throughput workloads: one chart per workload, with the median ns per get+put
 * ({@link PointStats#pairNs()}) of each allocator per thread count, each in its own colour, dash and marker,
 * and thin faint lines of the same colour at the fastest and the slowest run; on a logarithmic axis (said in
 * the axis title) when the allocators differ by more than {@value #LOG_SPAN}x, else on a linear axis from 0.
 *
 * <p>Thread safety: stateless.
 */
public final class ThroughputPlot {
    private static final double LOG_SPAN = 10;
    /** Alpha of the min and max lines. */
    private static final int FAINT = 90;

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
                        + ": ns per get+put, median (faint: fastest, slowest run)")
                .xAxisTitle("threads").build();
        PngCharts.style(chart.getStyler(), Styler.LegendLayout.Horizontal);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setOverlapped(true);
        double min = points.stream().mapToDouble(PointStats::pairNs).min().orElseThrow();
        double max = points.stream().mapToDouble(PointStats::pairNs).max().orElseThrow();
        boolean logarithmic = max > LOG_SPAN * min;
        chart.setYAxisTitle(logarithmic ? "ns per get+put (logarithmic scale)" : "ns per get+put");
        chart.getStyler().setYAxisLogarithmic(logarithmic);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
        if (!logarithmic) {
            chart.getStyler().setYAxisMin(0.0);
        }
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        List<String> labels = points.stream().map(PointStats::label).distinct().toList();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            List<PointStats> series = points.stream().filter(p -> p.label().equals(label)).toList();
            List<String> threads = series.stream().map(p -> Units.threads(p.first().threads())).toList();
            PngCharts.distinguish(chart.getStyler(), chart.addSeries(label, threads,
                    series.stream().map(PointStats::pairNs).toList()), i);
            range(chart, label + " min", threads, series.stream().map(PointStats::pairMinNs).toList(), i);
            range(chart, label + " max", threads, series.stream().map(PointStats::pairMaxNs).toList(), i);
        }
        return chart;
    }

    /** A thin, faint line in the colour of series {@code index}, without marker or legend entry. */
    private static void range(CategoryChart chart, String name, List<String> threads, List<Double> ns, int index) {
        CategorySeries line = chart.addSeries(name, threads, ns);
        PngCharts.distinguish(chart.getStyler(), line, index);
        Color colour = line.getLineColor();
        line.setLineColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), FAINT));
        line.setLineStyle(new BasicStroke(1f));
        line.setMarker(SeriesMarkers.NONE);
        line.setShowInLegend(false);
    }
}
