package dev.llfree.cli;

import dev.llfree.inspect.PoolInspector;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * Draws a pool's occupancy as a PNG: one pixel (or a square of {@code scale} x {@code scale} pixels)
 * per 2 MiB child, left to right and top to bottom in address order, rows of whole trees (32 children)
 * so the image is about square.
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
    private static final int TREE_CHILDREN = 32;
    /** Largest pixels per side of a child. */
    static final int MAX_SCALE = 64;

    private OccupancyMap() { }

    /** The map's width and height in pixels. */
    record Size(int width, int height) { }

    /** The map of {@code children} children in children per row and rows: about square, whole trees wide. */
    static Size cells(long children) {
        long trees = Math.max(1, (long) Math.ceil(Math.sqrt(children) / TREE_CHILDREN));
        int width = (int) Math.min(trees * TREE_CHILDREN, Math.max(children, 1));
        return new Size(width, (int) ((children + width - 1) / width));
    }

    /** Writes the map of the inspected pool to {@code file}, {@code scale} x {@code scale} pixels per child. */
    static Size write(PoolInspector pool, Path file, int scale) throws IOException {
        Size cells = cells(pool.children());
        BufferedImage image = new BufferedImage(cells.width() * scale, cells.height() * scale, BufferedImage.TYPE_INT_RGB);
        int[] square = new int[scale * scale];
        for (int row = 0; row < cells.height(); row++) {
            for (int column = 0; column < cells.width(); column++) {
                long child = (long) row * cells.width() + column;
                Arrays.fill(square, child < pool.children() ? colour(pool, child) : PAST_END);
                image.setRGB(column * scale, row * scale, scale, scale, square, 0, scale);
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            ImageIO.write(image, "png", out);
        }
        return new Size(image.getWidth(), image.getHeight());
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
