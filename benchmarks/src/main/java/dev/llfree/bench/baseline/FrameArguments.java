package dev.llfree.bench.baseline;

import dev.llfree.FrameAllocator;

/** Argument checks of the baselines, with the messages of the LLFree allocator: the bad value in hex and what was expected. */
final class FrameArguments {
    private FrameArguments() { }

    static void order(int order) {
        if (order < 0 || order > FrameAllocator.MAX_ORDER) {
            throw new IllegalArgumentException("order: " + order + " (expected: 0.." + FrameAllocator.MAX_ORDER + ")");
        }
    }

    /** The run {@code [frame, frame + 2^order)} lies inside {@code [0, frames)} and is aligned to its order. */
    static void run(long frame, int order, long frames) {
        order(order);
        if (frame < 0 || frame + (1L << order) > frames) {
            throw new IllegalArgumentException("frame: " + hex(frame) + " of order " + order
                    + " (expected: a run inside 0.." + hex(frames - 1) + ")");
        }
        if ((frame & ((1L << order) - 1)) != 0) {
            throw new IllegalArgumentException("frame: " + hex(frame) + " (expected: aligned to order " + order
                    + ", a multiple of " + hex(1L << order) + ")");
        }
    }

    /** {@code [offset, offset + count)} lies inside {@code array}. */
    static void range(long[] array, int offset, int count) {
        if (array == null) {
            throw new IllegalArgumentException("frames array: null");
        }
        if (offset < 0 || count < 0 || offset > array.length - count) {
            throw new IllegalArgumentException("array range: offset " + offset + ", count " + count
                    + " (expected: inside an array of length " + array.length + ")");
        }
    }

    static String hex(long value) {
        return value < 0 ? "-0x" + Long.toHexString(-value) : "0x" + Long.toHexString(value);
    }
}
