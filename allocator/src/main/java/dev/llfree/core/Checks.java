package dev.llfree.core;

import dev.llfree.DoubleFreeException;

/**
 * Argument checks with messages that name the bad value and what was expected, in hex for frames. The checks of
 * orders and runs are the API's ({@link dev.llfree.FrameAllocator#checkOrder}, {@link dev.llfree.FrameAllocator#checkRun}).
 */
public final class Checks {
    private Checks() { }

    /** Orders 0..10 only, for operations that work inside one tree ({@code what} names the operation). */
    public static void treeOrder(int order, String what) {
        if (order < 0 || order > Geometry.MAX_ORDER) {
            throw new IllegalArgumentException("order: " + order + " (expected: 0.." + Geometry.MAX_ORDER + " for "
                + what + ")");
        }
    }

    public static void frameCount(long frames) {
        if (frames <= 0 || frames > Geometry.MAX_FRAMES) {
            throw new IllegalArgumentException("frames: " + frames + " (expected: 1.." + Geometry.MAX_FRAMES + ")");
        }
    }

    public static void cores(int cores) {
        if (cores <= 0 || cores > 1 << 16) {
            throw new IllegalArgumentException("cores: " + cores + " (expected: 1..65536)");
        }
    }

    public static void range(long[] array, int offset, int count) {
        if (array == null) {
            throw new IllegalArgumentException("frames array: null");
        }
        if (offset < 0 || count < 0 || offset > array.length - count) {
            throw new IllegalArgumentException("array range: offset " + offset + ", count " + count
                + " (expected: inside an array of length " + array.length + ")");
        }
    }

    /**
     * The failure of the run at {@code index} of a batch, with the index and what happened to the runs
     * before it; a double free stays a {@link DoubleFreeException}.
     */
    public static RuntimeException inBatch(RuntimeException failure, int index) {
        String message = failure.getMessage() + " (array index " + index + "; the runs before it were freed)";
        return failure instanceof DoubleFreeException
            ? new DoubleFreeException(message)
            : new IllegalArgumentException(message, failure);
    }

    /** {@code value} in hex with a sign: -1 is "-0x1", not a 64-bit two's complement. */
    public static String hex(long value) {
        return value < 0 ? "-0x" + Long.toHexString(-value) : "0x" + Long.toHexString(value);
    }
}
