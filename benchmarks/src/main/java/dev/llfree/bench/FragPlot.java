package dev.llfree.bench;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Plots the frag workload: free huge frames after each churn round, one line per allocator and thread
 * count, each in its own colour and dash, and the ideal ({@code floor(free frames / 512)}) of the first of them
 * as a black dashed line, on an axis from 0.
 *
 * <p>Thread safety: stateless.
 */
public final class FragPlot {
    /** Rounds between labels on the x axis (XChart packs number labels as tight as they fit; the others are blank). */
    private static final int ROUNDS_PER_LABEL = 10;

    private FragPlot() { }

    /**
     * Writes the chart of {@code samples} to {@code file} as a PNG.
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(List<FragSample> samples, Path file) throws IOException {
        FragSample first = samples.getFirst();
        XYChart chart = new XYChartBuilder().width(PngCharts.WIDTH).height(PngCharts.HEIGHT)
                .title("frag, " + Units.bytes(first.memoryBytes()) + " at half fill: free huge frames (higher is better)")
                .xAxisTitle("churn round").yAxisTitle("free 2 MiB frames").build();
        PngCharts.style(chart.getStyler(), Styler.LegendLayout.Vertical);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(
                round -> round % ROUNDS_PER_LABEL == 0 ? String.valueOf(round.longValue()) : " ");
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        Map<String, List<FragSample>> series = FragTable.series(samples);
        int index = 0;
        for (Map.Entry<String, List<FragSample>> s : series.entrySet()) {
            XYSeries line = line(chart, s.getKey(), s.getValue(), FragSample::freeHugeFrames);
            PngCharts.distinguish(chart.getStyler(), line, index++);
            line.setMarker(SeriesMarkers.NONE); // a hundred rounds: the dashes tell the lines apart
        }
        XYSeries ideal = line(chart, "ideal: free frames / 512", series.values().iterator().next(),
                FragSample::idealHugeFrames);
        ideal.setLineStyle(SeriesLines.DASH_DASH);
        ideal.setLineColor(Color.BLACK);
        PngCharts.save(List.of(chart), file);
    }

    private static XYSeries line(XYChart chart, String name, List<FragSample> samples,
                                 ToLongFunction<FragSample> y) {
        XYSeries line = chart.addSeries(name, samples.stream().map(FragSample::round).toList(),
                samples.stream().map(y::applyAsLong).toList());
        line.setMarker(SeriesMarkers.NONE);
        return line;
    }
}
