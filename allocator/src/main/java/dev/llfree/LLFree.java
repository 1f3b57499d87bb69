package dev.llfree;

import dev.llfree.core.Checks;
import dev.llfree.core.persist.VolatileMemory;
import dev.llfree.core.upper.LLFreeAllocator;
import dev.llfree.pool.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /**
     * A pool file: an allocator whose metadata (and optionally the frames themselves) lives in a file,
     * on persistent memory (a DAX file) or on a file emulating it (tmpfs).
     *
     * <pre>{@code
     * try (PoolAllocator pool = LLFree.pool(Path.of("/mnt/pmem/pool")).frames(1 << 21).create()) { ... }
     * try (PoolAllocator pool = LLFree.pool(Path.of("/mnt/pmem/pool")).open()) {   // recovers if needed
     *     System.out.println(pool.recovery());
     * }
     * }</pre>
     */
    public static PoolBuilder pool(Path path) {
        return new PoolBuilder(path);
    }

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

    /** Configures a pool. Not thread-safe; the pool it opens is. */
    public static final class PoolBuilder {
        private final Path path;
        private long frames;
        private boolean data;
        private boolean rebuild;
        private Durability durability = Durability.AUTO;
        private int cores = Runtime.getRuntime().availableProcessors();

        private PoolBuilder(Path path) {
            this.path = path;
        }

        /** Frames of a new pool (for {@link #create()}; an opened pool has the frames of its file). */
        public PoolBuilder frames(long frames) {
            Checks.frameCount(frames);
            this.frames = frames;
            return this;
        }

        /** Whether a new pool has a data area holding the frames themselves (default: no). */
        public PoolBuilder data(boolean data) {
            this.data = data;
            return this;
        }

        /** Durability (default {@link Durability#AUTO}); {@link Durability#VOLATILE} is not for files. */
        public PoolBuilder durability(Durability durability) {
            this.durability = durability;
            return this;
        }

        /** Number of reservation slots (default: available processors). */
        public PoolBuilder cores(int cores) {
            Checks.cores(cores);
            this.cores = cores;
            return this;
        }

        /**
         * Whether {@link #open()} rebuilds the counters from the bitfields even after a clean close
         * (default: no, only after a crash), to run recovery on demand or mend counters that the clean
         * flag vouches for wrongly.
         */
        public PoolBuilder rebuild(boolean rebuild) {
            this.rebuild = rebuild;
            return this;
        }

        /**
         * Creates the pool file with every frame free and opens it.
         *
         * @throws java.nio.file.FileAlreadyExistsException if the file exists (it is not touched)
         * @throws IllegalStateException if {@link #frames} was not set
         */
        public PoolAllocator create() throws IOException {
            if (frames == 0) {
                throw new IllegalStateException("pool " + path + ": frames not set (call frames(n) before create())");
            }
            return Pool.create(path, frames, data, durability, cores);
        }

        /**
         * Opens an existing pool; rebuilds its counters if it was not closed cleanly or {@link #rebuild}
         * asks for it (see {@link PoolAllocator#recovery()}).
         *
         * @throws InvalidPoolException if the file is not a valid pool (it is left unchanged)
         * @throws PoolInUseException if another process has it open
         */
        public PoolAllocator open() throws IOException {
            return Pool.open(path, durability, cores, rebuild);
        }

        /** {@link #open()} if the file exists, else {@link #create()}. */
        public PoolAllocator openOrCreate() throws IOException {
            return Files.exists(path) ? open() : create();
        }
    }
}
