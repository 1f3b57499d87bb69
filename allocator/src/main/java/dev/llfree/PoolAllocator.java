package dev.llfree;

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
    /** Root slots of a pool ({@link #root}). */
    int ROOTS = 64;

    /**
     * The pool file.
     *
     * @return the path the pool was created or opened with, as given
     */
    Path path();

    /**
     * The durability in force (never {@link Durability#AUTO}).
     *
     * @return {@link Durability#PMEM}, {@link Durability#EADR} or {@link Durability#MAPPED}
     */
    Durability durability();

    /**
     * What the open found: a clean pool, or what recovery rebuilt.
     *
     * @return the report of this open (of the create, for a new pool: clean, nothing scanned); it does not change
     */
    RecoveryReport recovery();

    /**
     * Whether the pool has a data area, so {@link #frame} works.
     *
     * @return true if the pool was created with a data area (fixed at create)
     */
    boolean hasData();

    /**
     * The memory of the run of {@code 2^order} frames at {@code frame} in the data area. The data area
     * is 2 MiB aligned in the file; with {@code pmem}/{@code eadr} (mapped by {@code pmem_map_file}) also
     * in memory, so huge frames can be huge pages; {@code mapped} ({@code FileChannel.map}) aligns to pages only.
     *
     * @param frame the first frame of the run
     * @param order the run is {@code 2^order} frames: {@code 0..MAX_ORDER} or {@link #GIANT_ORDER}
     * @return a read-write slice of {@code 2^order * FRAME_SIZE} bytes of the mapped file, whatever the run's
     *     state (free or allocated); valid until {@link #close()}. Its writes are made durable as the caller
     *     arranges (the allocator flushes only its metadata)
     * @throws IllegalArgumentException if the frame is out of range or misaligned
     * @throws IllegalStateException if the pool has no data area
     */
    MemorySegment frame(long frame, int order);

    /**
     * Root slot {@code index} ({@code 0..ROOTS-1}, in the pool header): where a user keeps what it needs to find
     * its data again after a restart, typically a frame number. Frame numbers are position-independent
     * references: the pool may be mapped at another address each time. A new pool's roots hold
     * {@link #NO_FRAME} (empty).
     *
     * @param index the root slot, {@code 0..ROOTS-1}
     * @return the slot's value (any {@code long}; {@link #NO_FRAME} when empty)
     * @throws IllegalArgumentException if {@code index} is out of range
     */
    long root(int index);

    /**
     * Stores {@code value} in root slot {@code index} and makes it durable before returning: flush + drain for
     * {@code pmem}, nothing more for {@code eadr}, and for {@code mapped} as the other metadata (at
     * {@link #sync()} or close).
     *
     * @param index the root slot, {@code 0..ROOTS-1}
     * @param value what to store: a frame number, {@link #NO_FRAME} to empty the slot, or any other {@code long}
     * @throws IllegalArgumentException if {@code index} is out of range (nothing stored)
     */
    void setRoot(int index, long value);

    /**
     * CAS of root slot {@code index} from {@code expected} to {@code value}; durable as {@link #setRoot} when
     * it succeeds.
     *
     * @param index    the root slot, {@code 0..ROOTS-1}
     * @param expected the value the slot must hold
     * @param value    the value to store if it does
     * @return true if the slot held {@code expected} and now holds {@code value}; false if it held something
     *     else (then it is unchanged)
     * @throws IllegalArgumentException if {@code index} is out of range
     */
    boolean compareAndSetRoot(int index, long expected, long value);

    /**
     * get-to: allocates a run of {@code 2^order} frames and publishes its first frame into {@code destination}
     * (a root slot, or a {@code long} in the data area), which must be empty ({@link #NO_FRAME}). No crash
     * leaks the run: after recovery, either the run is allocated and the destination holds it, or the run is
     * free and the destination empty (an intent slot in the header binds them while the call is in flight).
     * The run comes from a 2 MiB child no other get is using at the
     * moment, so get-to can report {@link #NO_FRAME} where {@link #get} would still find a run.
     * Not lock-free: while all 32 intent slots of the header are in use, a call waits (spinning) for one.
     *
     * @param core        the reservation slot: any int; it picks where the search for a child and for an intent
     *                    slot starts
     * @param destination where the run's first frame is published; must hold {@link #NO_FRAME}
     * @param order       the run is {@code 2^order} frames: {@code 0..MAX_ORDER} (not {@link #GIANT_ORDER})
     * @param kind        what the run is for (not null)
     * @return the frame, or {@link #NO_FRAME} (the destination is unchanged)
     * @throws IllegalArgumentException on a bad order, or a data destination outside the data area or in a pool
     *     without one
     * @throws IllegalStateException if the destination is not empty (nothing changes, its value is kept)
     */
    long getTo(int core, Destination destination, int order, Kind kind);

    /**
     * put-from: frees the run of {@code 2^order} frames whose first frame {@code destination} holds and empties
     * the destination, with the same crash guarantee as {@link #getTo}. The run's frames are free when the call
     * returns, unless another thread has a get or put in flight in the run's 2 MiB child or holds it (get-to,
     * put-from, compaction) at that moment: then the next get-to or put-from frees them (or {@link #close()}, or
     * the next open after a crash), and they count as allocated until then.
     * Not lock-free: while all 32 intent slots of the header are in use, a call waits (spinning) for one.
     *
     * @param core        a reservation slot: any int; it picks where the search for an intent slot starts
     * @param destination holds the first frame of the run to free; it holds {@link #NO_FRAME} afterwards
     * @param order       the order the run was allocated with: {@code 0..MAX_ORDER}
     * @return the frame freed (what the destination held)
     * @throws IllegalArgumentException on a bad destination or order, if the frame the destination holds is out
     *     of range or misaligned for the order, or if the run was not allocated with this order (nothing freed)
     * @throws IllegalStateException if the destination is empty or changes during the call (nothing freed)
     * @throws DoubleFreeException if the run is already free (nothing changed)
     */
    long putFrom(int core, Destination destination, int order);

    /**
     * Checks, changing nothing, that {@link #put put(core, frame, order)} would free the run now: throws what that
     * put would throw. For tools that free several runs and refuse them all when one is bad, while no other thread
     * frees the same runs (the pool's lock keeps other processes out).
     *
     * @param frame the first frame of the run
     * @param order the order the run was allocated with
     * @throws IllegalArgumentException if the frame is out of range or misaligned, the order is out of range, or the
     *     run was not allocated with this order as far as the allocator can see (see {@link FrameAllocator})
     * @throws DoubleFreeException if the run is free
     */
    void checkPut(long frame, int order);

    /**
     * Tracing (leak-free) recovery: makes exactly the runs {@code tracer} reaches allocated, frees every other
     * frame (the runs of gets a crash cut short, and any other leak), recounts every counter and makes it all
     * durable. Frames a reported run covers that were free are kept
     * allocated and counted in the report: the caller says it uses them. The result satisfies {@link #validate()}.
     *
     * <p>Thread safety: no other thread may use the pool during the call; other processes cannot (this
     * process holds the pool's exclusive lock while it is open).
     *
     * @param tracer reports every run the caller still uses; called once, on this thread
     * @return what the recovery found and did
     * @throws TraceException if a reported run is out of range, misaligned, of a bad order or overlaps another;
     *     nothing is written then (the tracer runs to its end, or to its first bad run, before any write)
     * @throws IOException what the tracer throws (nothing written), or a failed sync
     */
    TraceReport recover(Tracer tracer) throws IOException;

    /**
     * Makes every metadata store so far durable now (msync for {@link Durability#MAPPED}). The data area is not
     * included.
     *
     * @throws IOException if writing the metadata back fails
     */
    void sync() throws IOException;

    /**
     * Clean close: drains the reservations, makes every counter durable, sets the clean flag, unlocks. Frees the
     * runs put-from left to a later call first. A second close does nothing; the pool is unusable afterwards.
     *
     * @throws java.io.UncheckedIOException if making the metadata durable fails (the pool is then not marked
     *     clean, and the next open recovers it)
     */
    @Override
    void close();
}
