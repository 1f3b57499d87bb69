package dev.llfree.bench;

import dev.llfree.Durability;
import dev.llfree.FrameAllocator;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds LLFree pools for the bench: either on a temporary file, created anew for every run and deleted
 * at {@link #close()}, or on a file the user named, which is opened when it exists (with its own size)
 * and created otherwise, and kept.
 *
 * <p>Thread safety: one thread at a time.
 */
final class LLFreePoolBuilder implements AllocatorFactory.Builder {
    private final Path path;
    private final Durability durability;
    private final boolean temporary;

    private LLFreePoolBuilder(Path path, Durability durability, boolean temporary) {
        this.path = path;
        this.durability = durability;
        this.temporary = temporary;
    }

    /** Pools on a fresh file in {@code dir} (a unique name, deleted at close). */
    static LLFreePoolBuilder temporary(Path dir, Durability durability) throws IOException {
        Path file = Files.createTempFile(dir, "llfree-bench-", ".pool");
        Files.delete(file); // the name is ours; the pool creates the file
        return new LLFreePoolBuilder(file, durability, true);
    }

    /** Pools on {@code path}: opened when it exists, created otherwise; never deleted. */
    static LLFreePoolBuilder kept(Path path, Durability durability) {
        return new LLFreePoolBuilder(path, durability, false);
    }

    /** @throws IllegalStateException if a kept pool does not have {@code frames} frames */
    @Override
    public FrameAllocator build(long frames, int cores) throws IOException {
        LLFree.PoolBuilder pool = LLFree.pool(path).frames(frames).durability(durability).cores(cores);
        if (temporary) {
            Files.deleteIfExists(path);
            return pool.create();
        }
        PoolAllocator opened = pool.openOrCreate();
        if (opened.frames() != frames) {
            opened.close();
            throw new IllegalStateException("pool " + path + " has " + opened.frames() + " frames (expected: " + frames + ")");
        }
        return opened;
    }

    @Override
    public void close() throws IOException {
        if (temporary) {
            Files.deleteIfExists(path);
        }
    }
}
