package dev.llfree.bench.baseline;

import dev.llfree.DoubleFreeException;
import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import java.util.Objects;

/**
 * What the baselines share that the allocator interface leaves to each implementation: batches as loops of single
 * gets and puts, with the same argument checks and failure messages as LLFree's, and frame numbers in hex.
 */
final class Baselines {
    private Baselines() { }

    /** {@link FrameAllocator#getBatch} as a loop of gets; stops at the first that finds no run. */
    static int getBatch(FrameAllocator allocator, int core, int order, Kind kind, long[] frames, int offset, int count) {
        FrameAllocator.checkOrder(order);
        Objects.checkFromIndexSize(offset, count, frames.length);
        for (int i = 0; i < count; i++) {
            long frame = allocator.get(core, order, kind);
            if (frame < 0) {
                return i;
            }
            frames[offset + i] = frame;
        }
        return count;
    }

    /**
     * {@link FrameAllocator#putBatch} as a loop of puts, every run checked before the first is freed; a failure
     * names its array index and says that the runs before it were freed.
     */
    static void putBatch(FrameAllocator allocator, int core, int order, long[] frames, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, frames.length);
        for (int i = offset; i < offset + count; i++) {
            FrameAllocator.checkRun(frames[i], order, allocator.frames());
        }
        for (int i = offset; i < offset + count; i++) {
            try {
                allocator.put(core, frames[i], order);
            } catch (DoubleFreeException e) {
                throw new DoubleFreeException(e.getMessage() + " (array index " + i + "; the runs before it were freed)");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " (array index " + i + "; the runs before it were freed)", e);
            }
        }
    }

    /** {@code value} in hex with a sign: -1 is "-0x1". */
    static String hex(long value) {
        return value < 0 ? "-0x" + Long.toHexString(-value) : "0x" + Long.toHexString(value);
    }
}
