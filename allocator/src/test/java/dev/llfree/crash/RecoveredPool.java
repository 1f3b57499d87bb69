package dev.llfree.crash;

import dev.llfree.core.lower.Lower;
import dev.llfree.core.upper.LLFreeAllocator;
import dev.llfree.file.Roots;
import dev.llfree.recovery.Recovery;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * A crash image of a pool-like layout (header with roots and intent slots, lower allocator at {@code base},
 * data area) recovered as a pool open does ({@link Recovery#rebuildPool}), with its allocator validated.
 *
 * @param lower the recovered lower allocator
 * @param roots the recovered roots and data-area destinations
 */
record RecoveredPool(Lower lower, Roots roots) {
    /**
     * @throws IOException or a RuntimeException if recovery refuses the image or {@code validate()} fails
     */
    static RecoveredPool recover(MemorySegment image, long base, long frames, long data, long dataBytes)
            throws IOException {
        ImageMemory memory = new ImageMemory(image);
        Lower lower = new Lower(memory, base, frames);
        Roots roots = new Roots(memory, data, dataBytes);
        Recovery.rebuildPool(lower, memory, roots, false);
        LLFreeAllocator.open(memory, lower, 2).validate();
        return new RecoveredPool(lower, roots);
    }
}
