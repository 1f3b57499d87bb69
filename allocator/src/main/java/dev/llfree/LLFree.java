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
     *
     * @param path the pool file: the file {@link PoolBuilder#create()} makes, or the one
     *     {@link PoolBuilder#open()} opens (nothing is checked before then)
     * @return a builder with the defaults: no frames set, no data area, {@link Durability#AUTO}, one reservation
     *     slot per available processor
     */
    public static PoolBuilder pool(Path path) {
        return new PoolBuilder(path);
    }

    /**
     * An allocator of {@code frames} 4 KiB frames whose metadata lives in volatile (anonymous) memory.
     *
     * @param frames number of frames to manage, {@code 1..FrameAllocator.MAX_FRAMES}; they are numbered
     *     {@code 0..frames-1}
     * @return a builder with one reservation slot per available processor
     * @throws IllegalArgumentException if {@code frames} is out of range
     */
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

        /**
         * Number of reservation slots (default: available processors).
         *
         * @param cores the slot count, {@code 1..65536}
         * @return this builder
         * @throws IllegalArgumentException if {@code cores} is out of range (the setting is unchanged)
         */
        public Builder cores(int cores) {
            Checks.cores(cores);
            this.cores = cores;
            return this;
        }

        /**
         * Builds the allocator with every frame free. Each call builds a new, independent allocator.
         *
         * @return the allocator; {@link FrameAllocator#close()} releases its memory
         */
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
        private boolean acceptCorruption;
        private Durability durability = Durability.AUTO;
        private int cores = Runtime.getRuntime().availableProcessors();

        private PoolBuilder(Path path) {
            this.path = path;
        }

        /**
         * Frames of a new pool (for {@link #create()}; an opened pool has the frames of its file).
         *
         * @param frames number of frames, {@code 1..FrameAllocator.MAX_FRAMES}
         * @return this builder
         * @throws IllegalArgumentException if {@code frames} is out of range (the setting is unchanged)
         */
        public PoolBuilder frames(long frames) {
            Checks.frameCount(frames);
            this.frames = frames;
            return this;
        }

        /**
         * Whether a new pool has a data area holding the frames themselves (default: no). An opened pool has a
         * data area if it was created with one.
         *
         * @param data true to give a new pool a data area of {@code frames * 4 KiB} (see {@link PoolAllocator#frame})
         * @return this builder
         */
        public PoolBuilder data(boolean data) {
            this.data = data;
            return this;
        }

        /**
         * Durability (default {@link Durability#AUTO}); {@link Durability#VOLATILE} is not for files.
         *
         * @param durability {@link Durability#PMEM}, {@link Durability#EADR}, {@link Durability#MAPPED} or
         *     {@link Durability#AUTO}; checked by {@link #create()} and {@link #open()}
         * @return this builder
         */
        public PoolBuilder durability(Durability durability) {
            this.durability = durability;
            return this;
        }

        /**
         * Number of reservation slots (default: available processors). Not stored in the file: each open may
         * choose its own.
         *
         * @param cores the slot count, {@code 1..65536}
         * @return this builder
         * @throws IllegalArgumentException if {@code cores} is out of range (the setting is unchanged)
         */
        public PoolBuilder cores(int cores) {
            Checks.cores(cores);
            this.cores = cores;
            return this;
        }

        /**
         * Whether {@link #open()} rebuilds the counters from the bitfields even after a clean close
         * (default: no, only after a crash), to run recovery on demand or mend counters that the clean
         * flag vouches for wrongly.
         *
         * @param rebuild true to rebuild the counters at every open
         * @return this builder
         */
        public PoolBuilder rebuild(boolean rebuild) {
            this.rebuild = rebuild;
            return this;
        }

        /**
         * Whether {@link #open()} accepts a pool whose metadata changed while it was closed (default: no). Such a
         * pool was closed cleanly but no longer matches the checksum of that close: no crash causes that, so it is
         * media corruption (or a write from outside), and by default the open refuses it with the file unchanged.
         * Accepted, the open rebuilds every counter from the bitfields, whose own state may be wrong.
         *
         * @param acceptCorruption true to open such a pool (rebuilt) rather than refuse it
         * @return this builder
         */
        public PoolBuilder acceptCorruption(boolean acceptCorruption) {
            this.acceptCorruption = acceptCorruption;
            return this;
        }

        /**
         * Creates the pool file with every frame free and opens it.
         *
         * @return the open pool, holding the file's exclusive lock; its {@link PoolAllocator#recovery()} reports
         *     a clean open
         * @throws java.nio.file.FileAlreadyExistsException if the file exists (it is not touched)
         * @throws IllegalStateException if {@link #frames} was not set
         * @throws IllegalArgumentException if the durability is {@link Durability#VOLATILE}
         * @throws IOException if the file cannot be created, sized or mapped (a file this call created is deleted)
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
         * @return the open pool, holding the file's exclusive lock
         * @throws InvalidPoolException if the file is not a valid pool (it is left unchanged)
         * @throws PoolInUseException if another process, or another open in this JVM, has it open
         * @throws IllegalArgumentException if the durability is {@link Durability#VOLATILE}
         * @throws IOException if the file cannot be read, mapped or written (its lock is released)
         */
        public PoolAllocator open() throws IOException {
            return Pool.open(path, durability, cores, rebuild, acceptCorruption);
        }

        /**
         * {@link #open()} if the file exists, else {@link #create()}. Not atomic: a file that another process
         * creates in between makes the create fail.
         *
         * @return the open pool
         * @throws IOException as {@link #open()} or {@link #create()}
         * @throws IllegalStateException if the file does not exist and {@link #frames} was not set
         */
        public PoolAllocator openOrCreate() throws IOException {
            return Files.exists(path) ? open() : create();
        }
    }
}
