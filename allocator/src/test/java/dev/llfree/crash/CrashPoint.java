package dev.llfree.crash;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The crash images of one crash point: line {@code lines[i]} holds its media version or one of
 * {@code versions[i]}, every other line its media version. An image is a choice per line: 0 for the
 * media version, {@code k} for {@code versions[i][k - 1]}.
 */
record CrashPoint(int[] lines, long[][][] versions) {

    /** The number of images, saturated at {@link Long#MAX_VALUE}. */
    long images() {
        long n = 1;
        for (long[][] v : versions) {
            if (n > Long.MAX_VALUE / (v.length + 1)) {
                return Long.MAX_VALUE;
            }
            n *= v.length + 1;
        }
        return n;
    }

    /**
     * Calls {@code image} with every choice if there are at most {@code exhaustive} images; otherwise
     * with the all-media and the all-newest image and {@code samples - 2} random ones from {@code random}.
     * The array passed is reused.
     *
     * @return the images visited
     */
    long forEachImage(long exhaustive, int samples, SplittableRandom random, Consumer<int[]> image) {
        int[] choice = new int[lines.length];
        long total = images();
        if (total <= exhaustive) {
            for (long k = 0; k < total; k++) {
                long rest = k;
                for (int i = 0; i < choice.length; i++) {
                    int radix = versions[i].length + 1;
                    choice[i] = (int) (rest % radix);
                    rest /= radix;
                }
                image.accept(choice);
            }
            return total;
        }
        image.accept(choice);
        for (int i = 0; i < choice.length; i++) {
            choice[i] = versions[i].length;
        }
        image.accept(choice);
        for (int s = 2; s < samples; s++) {
            for (int i = 0; i < choice.length; i++) {
                choice[i] = random.nextInt(versions[i].length + 1);
            }
            image.accept(choice);
        }
        return Math.max(samples, 2);
    }

    /** Whether {@code other} has exactly the same images. */
    boolean sameImages(CrashPoint other) {
        return other != null && Arrays.equals(lines, other.lines) && Arrays.deepEquals(versions, other.versions);
    }
}
