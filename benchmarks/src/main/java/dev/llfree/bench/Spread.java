package dev.llfree.bench;

import java.util.Arrays;

/**
 * Median, minimum and maximum of a set of measurements.
 *
 * <p>Thread safety: immutable.
 *
 * @param median the middle value (mean of the two middle values for an even count)
 * @param min    the smallest value
 * @param max    the largest value
 */
public record Spread(double median, double min, double max) {

    /**
     * @throws IllegalArgumentException if {@code values} is empty
     */
    public static Spread of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("values: none (expected: at least one)");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Spread(median, sorted[0], sorted[sorted.length - 1]);
    }
}
