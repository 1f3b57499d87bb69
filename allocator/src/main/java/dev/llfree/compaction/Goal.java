package dev.llfree.compaction;

import dev.llfree.FrameAllocator;
import java.util.function.DoubleSupplier;

/**
 * When compaction stops (it also stops when its strategy finds nothing more to do).
 *
 * <ul>
 *   <li>{@link #hugeFrames(long)}: after clearing {@code k} huge (2 MiB) frames;</li>
 *   <li>{@link #maximal()}: never early, clear as many as the strategy can;</li>
 *   <li>{@link #unusableFree(double)}: once the {@linkplain #unusableFreeIndex unusable free index} of the huge
 *       order is at most the given value.</li>
 * </ul>
 */
public sealed interface Goal {
    /**
     * Whether the goal is reached.
     *
     * @param cleared huge frames this compaction has cleared so far
     * @param index   the current {@linkplain #unusableFreeIndex unusable free index}, computed only if the goal
     *                needs it
     * @return true if compaction should stop now
     */
    boolean reached(long cleared, DoubleSupplier index);

    /**
     * Clear {@code count} huge frames.
     *
     * @param count huge frames to clear, {@code > 0}
     * @return a goal reached once {@code count} huge frames are cleared
     * @throws IllegalArgumentException if {@code count} is not positive
     */
    static Goal hugeFrames(long count) {
        if (count <= 0) {
            throw new IllegalArgumentException("huge frames: " + count + " (expected: > 0)");
        }
        return new HugeFrames(count);
    }

    /**
     * Clear as many huge frames as possible.
     *
     * @return the goal that is never reached: compaction stops when its strategy finds nothing more to do
     */
    static Goal maximal() {
        return Maximal.INSTANCE;
    }

    /**
     * Reach an {@linkplain #unusableFreeIndex unusable free index} of at most {@code maxIndex} (0..1).
     *
     * @param maxIndex the index to reach, a fraction in {@code 0..1} (not thousandths)
     * @return a goal reached once the index is at most {@code maxIndex}; 0 is reached only when every free frame
     *     lies in a free huge frame (or nothing is free)
     * @throws IllegalArgumentException if {@code maxIndex} is not in {@code 0..1} (or is NaN)
     */
    static Goal unusableFree(double maxIndex) {
        if (!(maxIndex >= 0 && maxIndex <= 1)) {
            throw new IllegalArgumentException("unusable free index: " + maxIndex + " (expected: 0..1)");
        }
        return new UnusableFree(maxIndex);
    }

    /**
     * Parses {@code max}, a count of huge frames ({@code 16}), or {@code unusable=X} with X in 0..1.
     *
     * @param text one of those forms, case-sensitive, without surrounding whitespace
     * @return {@link #maximal()}, {@link #hugeFrames} or {@link #unusableFree}
     * @throws IllegalArgumentException naming the accepted forms
     */
    static Goal parse(String text) {
        try {
            if (text.equals("max")) {
                return maximal();
            }
            if (text.startsWith("unusable=")) {
                return unusableFree(Double.parseDouble(text.substring("unusable=".length())));
            }
            return hugeFrames(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("goal: '" + text + "' (expected: max, a number of huge frames, or unusable=0..1)", e);
        }
    }

    /**
     * Linux's unusable free index of the huge order ({@link dev.llfree.FreeSpace#unusableFreeIndex} of order 9, as a
     * fraction): the share of free frames that lie outside wholly free 2 MiB frames, so no huge get can use them. 0
     * when every free frame is in a free huge frame (or none is free), towards 1 when free memory is scattered in
     * small holes. Computed from the counters ({@link FrameAllocator#freeHugeFrames}), not by a scan.
     *
     * @param allocator the allocator to measure
     * @return the index as a fraction, {@code 0..1} (while gets and puts are in flight, a moment's estimate)
     */
    static double unusableFreeIndex(FrameAllocator allocator) {
        long free = allocator.freeFrames();
        return free == 0 ? 0 : 1 - (double) allocator.freeHugeFrames() * FrameAllocator.HUGE_FRAMES / free;
    }

    /**
     * Stop after {@code count} cleared huge frames.
     *
     * @param count huge frames to clear, {@code > 0} when made by {@link Goal#hugeFrames}
     */
    record HugeFrames(long count) implements Goal {
        @Override
        public boolean reached(long cleared, DoubleSupplier index) {
            return cleared >= count;
        }

        @Override
        public String toString() {
            return count + (count == 1 ? " huge frame" : " huge frames");
        }
    }

    /** Never stop early. */
    enum Maximal implements Goal {
        /** The only instance: {@link Goal#maximal()}. */
        INSTANCE;

        @Override
        public boolean reached(long cleared, DoubleSupplier index) {
            return false;
        }

        @Override
        public String toString() {
            return "max";
        }
    }

    /**
     * Stop at an unusable free index of at most {@code maxIndex}.
     *
     * @param maxIndex the index to reach, a fraction in {@code 0..1} when made by {@link Goal#unusableFree}
     */
    record UnusableFree(double maxIndex) implements Goal {
        @Override
        public boolean reached(long cleared, DoubleSupplier index) {
            return index.getAsDouble() <= maxIndex;
        }

        @Override
        public String toString() {
            return "unusable free index <= " + maxIndex;
        }
    }
}
