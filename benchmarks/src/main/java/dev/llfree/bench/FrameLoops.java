package dev.llfree.bench;

import dev.llfree.FrameAllocator;
import dev.llfree.Kind;

/**
 * The loops the benchmarks time: plain single-run gets and puts over a preallocated array, with no
 * allocation. Running out of frames throws ({@link FrameAllocator#getOrThrow}), because every workload
 * is sized to fit in memory.
 *
 * <p>Thread safety: stateless; as safe as the allocator passed in.
 */
public final class FrameLoops {
    private FrameLoops() { }

    /** The kind a run of this order is allocated as: huge for orders from {@link FrameAllocator#HUGE_ORDER}, else movable. */
    public static Kind kindFor(int order) {
        return order >= FrameAllocator.HUGE_ORDER ? Kind.HUGE : Kind.MOVABLE;
    }

    /** Fills {@code frames} with runs of {@code 2^order} frames gotten on {@code core}. */
    public static void getAll(FrameAllocator allocator, int core, int order, Kind kind, long[] frames) {
        for (int i = 0; i < frames.length; i++) {
            frames[i] = allocator.getOrThrow(core, order, kind);
        }
    }

    /** Puts every run in {@code frames} on {@code core}: in array order, or from the last to the first. */
    public static void putAll(FrameAllocator allocator, int core, int order, long[] frames, boolean lastFirst) {
        int last = frames.length - 1;
        for (int i = 0; i <= last; i++) {
            allocator.put(core, frames[lastFirst ? last - i : i], order);
        }
    }

    /** Gets a run and puts it straight back, {@code pairs} times, on {@code core}. */
    public static void getPutPairs(FrameAllocator allocator, int core, int order, Kind kind, int pairs) {
        for (int i = 0; i < pairs; i++) {
            allocator.put(core, allocator.getOrThrow(core, order, kind), order);
        }
    }
}
