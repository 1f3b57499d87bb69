package dev.llfree.bench;

import java.util.Locale;

/** Formats quantities for people: {@code 23.4M}, {@code 8 GiB}, {@code 2 threads}. */
final class Units {
    private static final String[] RATE_UNITS = {"", "k", "M", "G"};
    private static final String[] SIZE_UNITS = {"bytes", "KiB", "MiB", "GiB", "TiB"};

    private Units() { }

    /** A rate with three significant digits and a decimal unit prefix, e.g. {@code 23.4M}. */
    static String rate(double perSecond) {
        int unit = 0;
        double value = perSecond;
        while (value >= 1000 && unit < RATE_UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.2f%s" : value < 100 ? "%.1f%s" : "%.0f%s",
                value, RATE_UNITS[unit]);
    }

    /** A size in the largest binary unit that divides it, e.g. {@code 8 GiB} or {@code 12288 KiB}. */
    static String bytes(long bytes) {
        int unit = 0;
        long value = bytes;
        while (value != 0 && value % 1024 == 0 && unit < SIZE_UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return value + " " + SIZE_UNITS[unit];
    }

    /** {@code 1 thread}, {@code 2 threads}. */
    static String threads(int threads) {
        return threads + (threads == 1 ? " thread" : " threads");
    }
}
