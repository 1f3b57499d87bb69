package dev.llfree;

import java.util.BitSet;

/** The simple model the allocator is checked against: a set of allocated frames. */
final class FrameModel {
    private final long frames;
    private final BitSet allocated = new BitSet();

    FrameModel(long frames) {
        this.frames = frames;
    }

    boolean isFree(long frame, int order) {
        int from = (int) frame;
        int to = (int) (frame + (1L << order));
        return to <= frames && allocated.get(from, to).isEmpty();
    }

    /** Whether some aligned run of the order is wholly free. */
    boolean hasFreeRun(int order) {
        for (long f = 0; f + (1L << order) <= frames; f += 1L << order) {
            if (isFree(f, order)) {
                return true;
            }
        }
        return false;
    }

    void allocate(long frame, int order) {
        allocated.set((int) frame, (int) (frame + (1L << order)));
    }

    void free(long frame, int order) {
        allocated.clear((int) frame, (int) (frame + (1L << order)));
    }

    long freeFrames() {
        return frames - allocated.cardinality();
    }
}
