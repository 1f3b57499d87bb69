package dev.llfree;

/**
 * A page-frame allocator: it hands out frames (4 KiB units numbered {@code 0..frames()-1}) in
 * naturally aligned runs of {@code 2^order} frames. It manages metadata only; the frames themselves
 * are wherever the caller (or a pool's data area) keeps them.
 *
 * <p>Thread safety: every method may be called from any thread at any time. {@link #get} and
 * {@link #put} and their batched forms are lock-free. {@link #validate()}, {@link #stats()} and
 * {@link #drain()} may run concurrently but report exact figures only while no get or put is in flight.
 *
 * <p>The {@code core} argument selects a reservation slot ({@code core % cores()}); any int is valid.
 * Two threads sharing a slot stay correct, only slower. The overloads without {@code core} use a slot
 * derived from the calling thread.
 *
 * <p><b>Wrong orders.</b> A put must give the order the run was allocated with. LLFree records the order of huge
 * (9, 10) and giant (18) frames, but not of smaller runs: its bitfields hold one bit per frame and nothing marks
 * where a run starts. So {@link #put} refuses ({@link IllegalArgumentException}, nothing changed) a huge or giant
 * order over smaller runs, a smaller order inside a huge or giant frame, order 9 on an order-10 frame and the
 * reverse, and any run that is only partly allocated; it cannot see, among orders 0..8, a smaller order than
 * allocated ({@code put(f, 0)} of an order-3 run frees frame {@code f} and leaves the other 7 allocated) or a
 * larger one whose frames are all allocated ({@code put(f, 3)} over eight order-0 runs frees all eight).
 * Recording every run's order on a pool would cost a second flushed cache line per get and per put.
 */
public interface FrameAllocator extends AutoCloseable {
    /** Size of one frame in bytes. */
    long FRAME_SIZE = 4096;
    /** Largest order below the giant order: 2^10 frames = 4 MiB. Valid orders are 0..MAX_ORDER and {@link #GIANT_ORDER}. */
    int MAX_ORDER = 10;
    /** Order of a giant frame: 2^18 frames = 1 GiB, aligned to 1 GiB. */
    int GIANT_ORDER = 18;
    /** Frames in a giant frame. */
    long GIANT_FRAMES = 1L << GIANT_ORDER;
    /** Order of a huge frame: 2^9 frames = 2 MiB. */
    int HUGE_ORDER = 9;
    /** Frames in a huge frame. */
    int HUGE_FRAMES = 1 << HUGE_ORDER;
    /** Largest frame count an allocator manages: 2^40 frames = 4 PiB. */
    long MAX_FRAMES = 1L << 40;
    /** Returned by {@link #get} when no free run of the requested order exists. */
    long NO_FRAME = -1;

    /**
     * Allocates a naturally aligned run of {@code 2^order} frames.
     *
     * @param core  the reservation slot to allocate from: any int (see the class comment)
     * @param order the run is {@code 2^order} frames: {@code 0..MAX_ORDER} or {@link #GIANT_ORDER}
     * @param kind  what the run is for: it picks the reservation and the trees the run comes from (not null)
     * @return the first frame of the run, or {@link #NO_FRAME} when memory is exhausted for that order
     * @throws IllegalArgumentException if {@code order} is not in {@code 0..MAX_ORDER} or {@link #GIANT_ORDER}
     */
    long get(int core, int order, Kind kind);

    /**
     * {@link #get(int, int, Kind)} on the calling thread's slot.
     *
     * @param order the run is {@code 2^order} frames: {@code 0..MAX_ORDER} or {@link #GIANT_ORDER}
     * @param kind  what the run is for (not null)
     * @return the first frame of the run, or {@link #NO_FRAME} when memory is exhausted for that order
     * @throws IllegalArgumentException if {@code order} is not in {@code 0..MAX_ORDER} or {@link #GIANT_ORDER}
     */
    default long get(int order, Kind kind) {
        return get(threadCore(), order, kind);
    }

    /**
     * {@link #get(int, int, Kind)}, but running out of frames throws.
     *
     * @param core  the reservation slot to allocate from: any int
     * @param order the run is {@code 2^order} frames: {@code 0..MAX_ORDER} or {@link #GIANT_ORDER}
     * @param kind  what the run is for (not null)
     * @return the first frame of the run, never {@link #NO_FRAME}
     * @throws OutOfFramesException if no free run of that order exists; the message gives the free frames
     * @throws IllegalArgumentException if {@code order} is not in {@code 0..MAX_ORDER} or {@link #GIANT_ORDER}
     */
    default long getOrThrow(int core, int order, Kind kind) {
        long frame = get(core, order, kind);
        if (frame < 0) {
            throw new OutOfFramesException(order, freeFrames());
        }
        return frame;
    }

    /**
     * Frees a run that {@link #get} returned, with the same order.
     *
     * @param core  a reservation slot: any int; LLFree frees into the run's own tree, whatever the slot
     * @param frame the first frame of the run, as {@link #get} returned it
     * @param order the order the run was allocated with
     * @throws IllegalArgumentException if the frame is out of range or misaligned, the order is out of range,
     *     or the run was not allocated with this order as far as the allocator can see (see <em>Wrong orders</em>
     *     above); the allocator is then unchanged
     * @throws DoubleFreeException if the run is already free; the allocator is then unchanged
     */
    void put(int core, long frame, int order);

    /**
     * {@link #put(int, long, int)} on the calling thread's slot.
     *
     * @param frame the first frame of the run, as {@link #get} returned it
     * @param order the order the run was allocated with
     * @throws IllegalArgumentException if the frame is out of range or misaligned, the order is out of range,
     *     or the run was not allocated with this order as far as the allocator can see (see <em>Wrong orders</em>
     *     above); the allocator is then unchanged
     * @throws DoubleFreeException if the run is already free; the allocator is then unchanged
     */
    default void put(long frame, int order) {
        put(threadCore(), frame, order);
    }

    /**
     * Allocates up to {@code count} runs of one order into {@code frames[offset..offset+count)}. LLFree
     * takes the tree's counter once for the whole batch (and drains once in pmem durability).
     *
     * @param core   the reservation slot to allocate from: any int
     * @param order  every run is {@code 2^order} frames: {@code 0..MAX_ORDER} or {@link #GIANT_ORDER}
     * @param kind   what the runs are for (not null)
     * @param frames receives the runs' first frames, from {@code frames[offset]} on; the entries past the
     *     returned count are left unchanged
     * @param offset index of the first entry to write
     * @param count  the most runs to allocate ({@code >= 0})
     * @return how many runs were allocated; fewer than {@code count} only when memory ran out
     * @throws IllegalArgumentException on a bad order or array range (nothing allocated)
     */
    int getBatch(int core, int order, Kind kind, long[] frames, int offset, int count);

    /**
     * Frees {@code count} runs of one order from {@code frames[offset..offset+count)}. The arguments come in
     * {@link #getBatch}'s order. All frames are checked for range and alignment before any is freed.
     *
     * @param core   a reservation slot: any int; LLFree frees into each run's own tree, whatever the slot
     * @param order  the order every run was allocated with
     * @param frames holds the runs' first frames in {@code frames[offset..offset+count)}; not modified
     * @param offset index of the first run
     * @param count  number of runs to free ({@code >= 0})
     * @throws IllegalArgumentException on a bad frame, order or array range (nothing freed); or if a run was not
     *     allocated with this order as far as the allocator can see (see <em>Wrong orders</em> above): then, as
     *     for a double free, the runs before it are freed and the message names its index
     * @throws DoubleFreeException if a run is already free: the runs before it in the array are freed,
     *     that run and the ones after it are not; the message names the frame and its index
     */
    void putBatch(int core, int order, long[] frames, int offset, int count);

    /**
     * Number of frames managed.
     *
     * @return the frame count, {@code 1..MAX_FRAMES}; frames are numbered {@code 0..frames()-1}
     */
    long frames();

    /**
     * Number of free frames (exact when no operation is in flight).
     *
     * @return free frames, {@code 0..frames()}; while gets and puts are in flight it may be lower than the
     *     frames actually free, never higher
     */
    long freeFrames();

    /**
     * Number of wholly free, not reserved-as-huge 2 MiB frames.
     *
     * @return the 2 MiB children (aligned runs of {@link #HUGE_FRAMES} frames) a huge get could take now: wholly
     *     free and not held by compaction, get-to or put-from, nor part of a giant frame being taken
     */
    long freeHugeFrames();

    /**
     * Whether the whole run of {@code 2^order} frames at {@code frame} is free.
     *
     * @param frame the first frame of the run
     * @param order the run is {@code 2^order} frames: {@code 0..MAX_ORDER} or {@link #GIANT_ORDER}
     * @return true if no frame of the run is allocated; for orders of a huge frame or more, also only if none of
     *     its 2 MiB children is held by compaction, get-to or put-from (a huge get could take the run now)
     * @throws IllegalArgumentException if the frame is out of range or misaligned, or the order is out of range
     */
    boolean isFree(long frame, int order);

    /**
     * Number of reservation slots.
     *
     * @return the slot count, {@code 1..65536}; a {@code core} argument selects slot {@code core mod cores()}
     */
    int cores();

    /**
     * Occupancy per tree and per kind.
     *
     * @return a new snapshot, read from every child entry; exact only while no get or put is in flight
     */
    Stats stats();

    /**
     * The shape of the free space: free blocks per order and Linux's fragmentation indices.
     *
     * @return a new snapshot, read from the bitfields; exact only while no get or put is in flight
     */
    FreeSpace freeSpace();

    /**
     * Recounts everything from the bitfields and compares it with every counter.
     *
     * @throws CorruptedAllocatorException naming the first mismatch (which child or tree, expected and found)
     */
    void validate();

    /** Gives every per-core reservation back to its tree. */
    void drain();

    /** Releases the allocator's resources. A volatile allocator forgets its state. */
    @Override
    void close();

    /**
     * The reservation slot of the calling thread.
     *
     * @return the thread's id truncated to an int (any int is a valid {@code core}); stable for the thread's life
     */
    static int threadCore() {
        return (int) Thread.currentThread().threadId();
    }

    /**
     * The check of every method that takes an order, for this interface's implementations too. For 0..10 this
     * costs what a plain range check does: the giant test is only reached past the upper bound.
     *
     * @param order the order to check
     * @throws IllegalArgumentException if {@code order} is neither {@code 0..MAX_ORDER} nor {@link #GIANT_ORDER}
     */
    static void checkOrder(int order) {
        if (order < 0 || order > MAX_ORDER && order != GIANT_ORDER) {
            throw new IllegalArgumentException("order: " + order + " (expected: 0.." + MAX_ORDER + " or " + GIANT_ORDER + ")");
        }
    }

    /**
     * The check of every method that takes a run, for this interface's implementations too: the run of
     * {@code 2^order} frames at {@code frame} lies inside {@code 0..frames-1} and is aligned to its order.
     *
     * @param frame  the first frame of the run
     * @param order  the run is {@code 2^order} frames, checked as by {@link #checkOrder}
     * @param frames the frames the allocator manages ({@link #frames()})
     * @throws IllegalArgumentException if the order is bad, or the run is out of range or misaligned; the
     *     message names the frame (in hex) and what was expected
     */
    static void checkRun(long frame, int order, long frames) {
        checkOrder(order);
        if (frame < 0 || frame >= frames || frame + (1L << order) > frames) {
            throw new IllegalArgumentException("frame: " + hex(frame) + " of order " + order
                + " (expected: a run inside 0.." + hex(frames - 1) + ")");
        }
        if ((frame & ((1L << order) - 1)) != 0) {
            throw new IllegalArgumentException("frame: " + hex(frame) + " (expected: aligned to order " + order
                + ", a multiple of " + hex(1L << order) + ")");
        }
    }

    private static String hex(long value) {
        return value < 0 ? "-0x" + Long.toHexString(-value) : "0x" + Long.toHexString(value);
    }
}
