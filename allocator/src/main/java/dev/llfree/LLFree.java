package dev.llfree;

import dev.llfree.internal.Checks;
import dev.llfree.persist.VolatileMemory;
import dev.llfree.upper.LLFreeAllocator;

/**
 * Entry point: builds LLFree allocators.
 *
 * <pre>{@code
 * try (FrameAllocator frames = LLFree.volatileFrames(1 << 20).cores(4).build()) {
 *     long f = frames.get(0, 0, Kind.MOVABLE);   // one 4 KiB frame, or NO_FRAME
 *     frames.put(0, f, 0);
 * }
 * }</pre>
 */
public final class LLFree {
    private LLFree() { }

    /** An allocator of {@code frames} 4 KiB frames whose metadata lives in volatile (anonymous) memory. */
    public static Builder volatileFrames(long frames) {
        return new Builder(frames);
    }

    /** Configures a volatile allocator. Not thread-safe; the allocator it builds is. */
    public static final class Builder {
        private final long frames;
        private int cores = Runtime.getRuntime().availableProcessors();

        private Builder(long frames) {
            Checks.frameCount(frames);
            this.frames = frames;
        }

        /** Number of reservation slots (default: available processors). */
        public Builder cores(int cores) {
            Checks.cores(cores);
            this.cores = cores;
            return this;
        }

        /** Builds the allocator with every frame free. */
        public FrameAllocator build() {
            return LLFreeAllocator.create(VolatileMemory.allocate(LLFreeAllocator.metadataBytes(frames)), 0, frames, cores);
        }
    }
}
