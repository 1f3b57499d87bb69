package dev.llfree.cli;

import java.util.Locale;

/**
 * Sizes for people, in binary units: {@code 8 GiB}, {@code 1.03 MiB}, {@code 4 KiB}, {@code 100 bytes}.
 *
 * <p>Thread safety: stateless.
 */
final class Sizes {
    private static final String[] UNITS = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Sizes() { }

    /** {@code bytes} in the largest unit it reaches, exact where it divides, else to three significant digits. */
    static String of(long bytes) {
        int unit = 0;
        while (unit < UNITS.length - 1 && bytes >= 1L << (10 * (unit + 1))) {
            unit++;
        }
        long scale = 1L << (10 * unit);
        if (bytes % scale == 0) {
            return bytes / scale + " " + UNITS[unit];
        }
        double value = (double) bytes / scale;
        return String.format(Locale.ROOT, value < 10 ? "%.2f %s" : value < 100 ? "%.1f %s" : "%.0f %s", value, UNITS[unit]);
    }

    /** {@code frames} 4 KiB frames as a size. */
    static String ofFrames(long frames) {
        return of(frames * dev.llfree.FrameAllocator.FRAME_SIZE);
    }
}
