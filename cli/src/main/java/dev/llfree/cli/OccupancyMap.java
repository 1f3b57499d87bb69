package dev.llfree.cli;

import dev.llfree.inspect.PoolInspector;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws a pool's occupancy as a PNG: one pixel (or a square of {@code scale} x {@code scale} pixels)
 * per 2 MiB child, left to right and top to bottom in address order, rows of whole trees (32 children)
 * so the map is about square, a one-pixel gap between trees, the address of each labelled row in GiB on
 * the left, and a legend below.
 *
 * <pre>
 *   white           wholly free (a free huge frame)
 *   light..dark blue 1..512 frames allocated in small runs
 *   orange          allocated whole as a huge frame
 *   grey            past the end of the pool
 * </pre>
 *
 * Drawn with {@link BufferedImage} and {@link ImageIO} (java.desktop), which need no display.
 *
 * <p>Thread safety: stateless.
 */
final class OccupancyMap {
    static final int FREE = 0xFFFFFF;
    static final int HUGE = 0xE6550D;
    static final int PAST_END = 0x9E9E9E;
    /** Colours of the fewest and the most allocated frames of a partly or wholly used child. */
    private static final int LIGHT = 0xC6DBEF;
    private static final int DARK = 0x08306B;
    private static final int BACKGROUND = 0xF4F4F4;
    private static final int TREE_CHILDREN = 32;
    /** Largest pixels per side of a child. */
    static final int MAX_SCALE = 64;
    /** The map's top left corner in the image: room for the GiB axis on the left. */
    static final int LEFT = 72;
    static final int TOP = 8;
    private static final int LEGEND_HEIGHT = 56;
    private static final int MIN_WIDTH = 520;
    private static final double CHILD_GIB = 2.0 / 1024;

    private OccupancyMap() { }

    /** A size in pixels, or in children per row and rows. */
    record Size(int width, int height) { }

    /** The map of {@code children} children in children per row and rows: about square, whole trees wide. */
    static Size cells(long children) {
        long trees = Math.max(1, (long) Math.ceil(Math.sqrt(children) / TREE_CHILDREN));
        int width = (int) Math.min(trees * TREE_CHILDREN, Math.max(children, 1));
        return new Size(width, (int) ((children + width - 1) / width));
    }

    /** The image x of the left edge of {@code column}: trees are one pixel apart. */
    static int x(int column, int scale) {
        return LEFT + column * scale + column / TREE_CHILDREN;
    }

    /** The image y of the top edge of {@code row}. */
    static int y(int row, int scale) {
        return TOP + row * scale;
    }

    /**
     * Writes the map of the inspected pool to {@code file}, {@code scale} x {@code scale} pixels per child.
     *
     * @return the size of the map itself (children drawn), without axis and legend
     */
    static Size write(PoolInspector pool, Path file, int scale) throws IOException {
        Size cells = cells(pool.children());
        int mapWidth = x(cells.width() - 1, scale) + scale - LEFT;
        int mapHeight = cells.height() * scale;
        BufferedImage image = new BufferedImage(Math.max(MIN_WIDTH, LEFT + mapWidth + TOP), TOP + mapHeight + LEGEND_HEIGHT,
            BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(new Color(BACKGROUND));
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            drawChildren(pool, image, cells, scale);
            drawAxis(g, cells, scale);
            drawLegend(g, TOP + mapHeight + 8);
        } finally {
            g.dispose();
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            ImageIO.write(image, "png", out);
        }
        return new Size(cells.width() * scale, mapHeight);
    }

    private static void drawChildren(PoolInspector pool, BufferedImage image, Size cells, int scale) {
        int[] square = new int[scale * scale];
        for (int row = 0; row < cells.height(); row++) {
            for (int column = 0; column < cells.width(); column++) {
                long child = (long) row * cells.width() + column;
                Arrays.fill(square, child < pool.children() ? colour(pool, child) : PAST_END);
                image.setRGB(x(column, scale), y(row, scale), scale, scale, square, 0, scale);
            }
        }
    }

    /** The address of the first child of every labelled row, in GiB, at least 12 pixels apart. */
    private static void drawAxis(Graphics2D g, Size cells, int scale) {
        g.setColor(Color.DARK_GRAY);
        int every = Math.max(1, (12 + scale - 1) / scale);
        for (int row = 0; row < cells.height(); row += every) {
            String label = String.format(Locale.ROOT, "%.2f GiB", (double) row * cells.width() * CHILD_GIB);
            g.drawString(label, LEFT - 6 - g.getFontMetrics().stringWidth(label), y(row, scale) + Math.min(scale, 10));
        }
    }

    private static void drawLegend(Graphics2D g, int top) {
        int x = 8;
        x = swatch(g, x, top, FREE, "free 2 MiB");
        for (int i = 0; i < 64; i++) {
            g.setColor(new Color(blend(LIGHT, DARK, i / 63.0)));
            g.fillRect(x + i, top, 1, 12);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(x, top, 64, 12);
        x = label(g, x + 70, top, "1..512 frames allocated");
        x = swatch(g, x, top, HUGE, "huge frame");
        swatch(g, x, top, PAST_END, "past the end");
        g.setColor(Color.DARK_GRAY);
        g.drawString("one square = one 2 MiB child; 32 children = one tree (64 MiB), one pixel between trees", 8, top + 32);
    }

    private static int swatch(Graphics2D g, int x, int top, int rgb, String text) {
        g.setColor(new Color(rgb));
        g.fillRect(x, top, 12, 12);
        g.setColor(Color.DARK_GRAY);
        g.drawRect(x, top, 12, 12);
        return label(g, x + 18, top, text);
    }

    private static int label(Graphics2D g, int x, int top, String text) {
        g.setColor(Color.DARK_GRAY);
        g.drawString(text, x, top + 11);
        return x + g.getFontMetrics().stringWidth(text) + 16;
    }

    private static int colour(PoolInspector pool, long child) {
        if (pool.huge(child)) {
            return HUGE;
        }
        int allocated = pool.allocated(child);
        if (allocated == 0) {
            return FREE;
        }
        return blend(LIGHT, DARK, (double) (allocated - 1) / Math.max(1, pool.capacity(child) - 1));
    }

    /** The colour {@code share} of the way from {@code from} to {@code to}, per RGB channel. */
    private static int blend(int from, int to, double share) {
        int rgb = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            int a = from >> shift & 0xFF;
            int b = to >> shift & 0xFF;
            rgb |= (int) Math.round(a + (b - a) * share) << shift;
        }
        return rgb;
    }
}
