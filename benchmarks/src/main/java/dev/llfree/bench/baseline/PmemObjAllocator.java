package dev.llfree.bench.baseline;

import dev.llfree.CorruptedAllocatorException;
import dev.llfree.DoubleFreeException;
import dev.llfree.FrameAllocator;
import dev.llfree.FreeSpace;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.Stats;
import dev.llfree.pmemobj.PmemObj;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * libpmemobj behind {@link FrameAllocator}: a get of order {@code k} is one {@code pmemobj_alloc} of
 * {@code 4 KiB << k} bytes, a put one {@code pmemobj_free}, both crash-consistent through libpmemobj's
 * redo log. pmemobj names objects by {@code PMEMoid}, not by frame numbers, so each object gets a frame
 * number from a volatile LLFree allocator of the same size (about 30 ns per get+put pair on top of
 * pmemobj's cost, measured and reported next to it) and its oid is kept in a volatile table indexed by
 * that number, where {@code pmemobj_alloc} writes it. Like the frame numbers LLFree returns, the table
 * does not survive a crash: both allocators durably mark the memory allocated, and the caller records
 * where it went.
 *
 * <p>{@link #freeHugeFrames()} and {@link #stats()} are not supported: libpmemobj does not expose where its
 * objects lie, so it cannot say how many 2 MiB frames are wholly free.
 *
 * <p>Thread safety: as {@link FrameAllocator}; libpmemobj is thread-safe. A put of a run that is already
 * free is detected when it does not race with the get or put of the same run.
 */
public final class PmemObjAllocator implements FrameAllocator {
    /** Pool bytes per byte of frames: libpmemobj's headers and size classes use up to 13% of a pool (measured). */
    private static final double POOL_BYTES_PER_FRAME_BYTE = 1.25;
    /** Pool bytes on top, for libpmemobj's own metadata and lanes. */
    private static final long POOL_SLACK_BYTES = 16L << 20;

    private final PmemObj pool;
    private final FrameAllocator numbers;
    private final Arena arena;
    private final MemorySegment oids;
    private final byte[] orders;

    private PmemObjAllocator(PmemObj pool, long frames, int cores) {
        this.pool = pool;
        this.numbers = LLFree.volatileFrames(frames).cores(cores).build();
        this.arena = Arena.ofShared();
        this.oids = arena.allocate(frames * PmemObj.OID_BYTES, PmemObj.OID_BYTES);
        this.orders = new byte[Math.toIntExact(frames)];
    }

    /**
     * An allocator of {@code frames} frames over {@code pool}, which must hold no objects and room for
     * {@code frames} frames (see {@link #poolBytes}); the pool stays the caller's to close.
     *
     * @throws IllegalArgumentException if {@code frames} exceeds {@link Integer#MAX_VALUE} or cores is below 1
     */
    public static PmemObjAllocator create(PmemObj pool, long frames, int cores) {
        if (frames < 1 || frames > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("frames: " + frames + " (expected: 1.." + Integer.MAX_VALUE + ")");
        }
        return new PmemObjAllocator(pool, frames, cores);
    }

    /** Bytes of a pool that holds {@code frames} frames in objects of any one order. */
    public static long poolBytes(long frames) {
        return Math.max(PmemObj.minPoolBytes(), (long) (frames * FRAME_SIZE * POOL_BYTES_PER_FRAME_BYTE) + POOL_SLACK_BYTES);
    }

    @Override
    public long get(int core, int order, Kind kind) {
        long frame = numbers.get(core, order, kind);
        if (frame < 0) {
            return NO_FRAME;
        }
        if (!pool.alloc(oid(frame), FRAME_SIZE << order)) {
            numbers.put(core, frame, order);
            return NO_FRAME;
        }
        orders[(int) frame] = (byte) order;
        return frame;
    }

    @Override
    public void put(int core, long frame, int order) {
        FrameAllocator.checkRun(frame, order, frames());
        MemorySegment oid = oid(frame);
        if (PmemObj.isNull(oid)) {
            throw new DoubleFreeException("frame: " + Baselines.hex(frame) + " of order " + order + " is already free");
        }
        if (orders[(int) frame] != order) {
            throw new IllegalArgumentException("frame: " + Baselines.hex(frame) + " was allocated with order "
                    + orders[(int) frame] + " (expected: order " + order + ")");
        }
        pool.free(oid);
        numbers.put(core, frame, order);
    }

    private MemorySegment oid(long frame) {
        return oids.asSlice(frame * PmemObj.OID_BYTES, PmemObj.OID_BYTES);
    }



    @Override
    public long frames() {
        return numbers.frames();
    }

    @Override
    public long freeFrames() {
        return numbers.freeFrames();
    }

    /** @throws UnsupportedOperationException always: libpmemobj does not expose where its objects lie */
    @Override
    public long freeHugeFrames() {
        throw noLayout();
    }

    @Override
    public boolean isFree(long frame, int order) {
        return numbers.isFree(frame, order);
    }

    @Override
    public int getBatch(int core, int order, Kind kind, long[] out, int offset, int count) {
        return Baselines.getBatch(this, core, order, kind, out, offset, count);
    }

    @Override
    public void putBatch(int core, int order, long[] in, int offset, int count) {
        Baselines.putBatch(this, core, order, in, offset, count);
    }

    @Override
    public int cores() {
        return numbers.cores();
    }

    /** @throws UnsupportedOperationException always, as {@link #freeHugeFrames()} */
    @Override
    public Stats stats() {
        throw noLayout();
    }

    /** @throws UnsupportedOperationException always, as {@link #freeHugeFrames()} */
    @Override
    public FreeSpace freeSpace() {
        throw noLayout();
    }

    private static UnsupportedOperationException noLayout() {
        return new UnsupportedOperationException("pmemobj does not expose where its objects lie, so it cannot count"
                + " free huge frames");
    }

    /**
     * Validates the frame numbers, then checks that exactly the allocated runs hold an object: every
     * non-null oid names an allocated run of its recorded order, and their frames add up.
     */
    @Override
    public void validate() {
        numbers.validate();
        long allocated = 0;
        for (long frame = 0; frame < frames(); frame++) {
            if (PmemObj.isNull(oid(frame))) {
                continue;
            }
            int order = orders[(int) frame];
            if (numbers.isFree(frame, order)) {
                throw new CorruptedAllocatorException("pmemobj: frame " + Baselines.hex(frame)
                        + " holds an object but its run of order " + order + " is free");
            }
            allocated += 1L << order;
        }
        if (allocated != frames() - freeFrames()) {
            throw new CorruptedAllocatorException("pmemobj: objects hold " + allocated + " frames, but "
                    + (frames() - freeFrames()) + " are allocated");
        }
    }

    @Override
    public void drain() {
        numbers.drain();
    }

    /** Frees the tables; the objects still allocated stay in the pool, which the caller owns. */
    @Override
    public void close() {
        numbers.close();
        arena.close();
    }

    @Override
    public String toString() {
        return "PmemObjAllocator[" + pool + ", " + frames() + " frames]";
    }
}
