package dev.llfree;

import java.util.BitSet;

/**
 * Everything observable about an allocator's state, for "nothing changed" assertions: the stats
 * (per tree and kind) and which frames are free.
 */
record AllocatorSnapshot(Stats stats, long freeFrames, BitSet free) {

    static AllocatorSnapshot of(FrameAllocator allocator) {
        BitSet free = new BitSet();
        for (long f = 0; f < allocator.frames(); f++) {
            if (allocator.isFree(f, 0)) {
                free.set((int) f);
            }
        }
        return new AllocatorSnapshot(allocator.stats(), allocator.freeFrames(), free);
    }
}
