package dev.llfree.bench;

import dev.llfree.Durability;
import dev.llfree.FrameAllocator;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;
import dev.llfree.PoolInUseException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds LLFree pools for the bench: either on a temporary file, created anew for every run and deleted
 * at {@link #close()}, or on a file the user named, which is opened when it exists (with its own size)
 * and created otherwise, and kept. A kept pool is opened anew for every run, so a process that looks at it between
 * two runs ({@code llfree inspect} holds a shared lock for a moment) can have it open just then: the open is
 * retried for up to {@link #BUSY_WAIT_MILLIS} before the bench gives up.
 *
 * <p>Thread safety: one thread at a time.
 */
final class LLFreePoolBuilder implements AllocatorFactory.Builder {
    /** How long a kept pool's open waits for another process to let go of it. */
    static final long BUSY_WAIT_MILLIS = 2_000;
    private static final long RETRY_MILLIS = 10;

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
        PoolAllocator opened = waitingIfBusy(pool::openOrCreate);
        if (opened.frames() != frames) {
            opened.close();
            throw new IllegalStateException("pool " + path + " has " + opened.frames() + " frames (expected: " + frames + ")");
        }
        return opened;
    }

    /** An open of a pool file. */
    @FunctionalInterface
    interface PoolOpen {
        PoolAllocator open() throws IOException;
    }

    /**
     * {@code open}, retried while another process holds the pool, for up to {@link #BUSY_WAIT_MILLIS}: every open
     * of a pool the bench keeps goes through here.
     *
     * @throws PoolInUseException if the pool is still held after that
     */
    static PoolAllocator waitingIfBusy(PoolOpen open) throws IOException {
        long deadline = System.nanoTime() + BUSY_WAIT_MILLIS * 1_000_000;
        while (true) {
            try {
                return open.open();
            } catch (PoolInUseException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep();
            }
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the pool");
        }
    }

    @Override
    public void close() throws IOException {
        if (temporary) {
            Files.deleteIfExists(path);
        }
    }
}
