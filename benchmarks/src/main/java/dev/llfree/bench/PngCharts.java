package dev.llfree.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.MarkerSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Saves XChart charts as one PNG, side by side, with the bench's common styling. */
final class PngCharts {
    /** Width of one chart in pixels. */
    static final int WIDTH = 720;
    /** Height of one chart in pixels. */
    static final int HEIGHT = 480;

    private PngCharts() { }

    /** Legend below the plot, entries side by side or (with long names) one per line; a white background. */
    static void style(Styler styler, Styler.LegendLayout legend) {
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(legend);
        styler.setChartBackgroundColor(Color.WHITE);
    }

    /** Line dashes and markers by series index, so that overlapping lines stay apart in print too. */
    private static final BasicStroke[] LINES = {SeriesLines.SOLID, SeriesLines.DASH_DASH, SeriesLines.DASH_DOT,
        SeriesLines.DOT_DOT};
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE,
        SeriesMarkers.TRIANGLE_UP};

    /** Gives series number {@code index} its own colour, dash and marker. */
    static void distinguish(Styler styler, MarkerSeries series, int index) {
        Color[] colors = styler.getSeriesColors();
        series.setLineColor(colors[index % colors.length]);
        series.setMarkerColor(colors[index % colors.length]);
        series.setLineStyle(LINES[index % LINES.length]);
        series.setMarker(MARKERS[index % MARKERS.length]);
    }

    /**
     * Writes {@code charts} to {@code file} as a PNG, side by side (XChart fills a grid exactly, so one row
     * fits any count; the bench draws at most three).
     *
     * @throws IOException if the file cannot be written
     */
    static <T extends Chart<?, ?>> void save(List<T> charts, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(charts, 1, charts.size(), out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
