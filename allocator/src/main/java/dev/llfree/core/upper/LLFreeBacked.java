package dev.llfree.core.upper;

import dev.llfree.FrameAllocator;

/**
 * A {@link FrameAllocator} built on an {@link LLFreeAllocator}: the allocator itself, or a pool around one. What
 * compaction and the tests reach the core through, without a cast to a concrete class.
 */
public interface LLFreeBacked {
    /** The LLFree allocator behind this one. */
    LLFreeAllocator llfree();

    /**
     * The LLFree allocator behind {@code allocator}.
     *
     * @throws IllegalArgumentException if {@code allocator} was not built by {@link dev.llfree.LLFree}
     */
    static LLFreeAllocator of(FrameAllocator allocator) {
        if (allocator instanceof LLFreeBacked backed) {
            return backed.llfree();
        }
        throw new IllegalArgumentException("allocator: " + allocator + " (expected: one built by LLFree, volatile or a pool)");
    }
}
