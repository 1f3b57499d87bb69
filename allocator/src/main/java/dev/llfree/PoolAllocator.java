package dev.llfree;

import dev.llfree.persist.Durability;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * A frame allocator whose metadata lives in a pool file (see {@link LLFree#pool}). While it is open,
 * this process holds the file's exclusive lock. {@link #close()} is the clean close: the next open
 * trusts the counters; without it (a crash, a kill), the next open rebuilds them from the bitfields.
 *
 * <p>Thread safety: as {@link FrameAllocator}; {@link #close()} must not race with other calls.
 */
public interface PoolAllocator extends FrameAllocator {
    /** The pool file. */
    Path path();

    /** The durability in force (never {@link Durability#AUTO}). */
    Durability durability();

    /** What the open found: a clean pool, or what recovery rebuilt. */
    RecoveryReport recovery();

    /** Whether the pool has a data area, so {@link #frame} works. */
    boolean hasData();

    /**
     * The memory of the run of {@code 2^order} frames at {@code frame} in the data area. The data area
     * is 2 MiB aligned in the file; with {@code pmem}/{@code eadr} (mapped by {@code pmem_map_file}) also
     * in memory, so huge frames can be huge pages; {@code mapped} ({@code FileChannel.map}) aligns to pages only.
     *
     * @throws IllegalArgumentException if the frame is out of range or misaligned
     * @throws IllegalStateException if the pool has no data area
     */
    MemorySegment frame(long frame, int order);

    /** Makes every metadata store so far durable now (msync for {@link Durability#MAPPED}). */
    void sync() throws IOException;

    /** Clean close: drains the reservations, makes every counter durable, sets the clean flag, unlocks. */
    @Override
    void close();
}
