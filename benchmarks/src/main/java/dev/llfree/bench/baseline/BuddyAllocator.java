package dev.llfree.bench.baseline;

import dev.llfree.DoubleFreeException;
import dev.llfree.FrameAllocator;
import dev.llfree.FreeSpace;
import dev.llfree.Kind;
import dev.llfree.Stats;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * A model of the Linux page allocator, the baseline LLFree is measured against: a {@link Zone} of buddy
 * free lists under one zone lock, per-CPU lists ({@link PerCpuPages}) in front of it for order 0, and one
 * 64-byte {@code struct page} per frame ({@link PageArray}).
 *
 * <p>Per-CPU list sizes are Linux's defaults for a zone of more than 1 GiB: {@code zone_batchsize()}
 * gives {@link #PCP_BATCH} = 63 (a quarter of 1 MiB of pages, clamped to {@code 2^n - 1}), and
 * {@link #PCP_HIGH} = 6 * batch, the classic {@code pageset_set_batch()} bound (Linux 6.x derives it from
 * the zone's low watermark and tunes it at run time; the classic bound keeps the model deterministic).
 * Linux 5.13+ also keeps per-CPU lists for orders 1..3 and 9; this model caches order 0 only, as LLFree's
 * paper compares against.
 *
 * <p>When a get finds neither its per-CPU list nor the zone able to serve it, it drains every per-CPU
 * list into the zone and tries again ({@code drain_all_pages} in the allocation slow path), up to
 * {@link #RETRIES} times as Linux's {@code MAX_RECLAIM_RETRIES}: another CPU may refill its list between
 * the drain and the retry. So frames parked on other CPUs' lists do not cause a false out-of-memory. The {@code kind} of a get is ignored
 * (one migrate type). Gigantic (order-18, 1 GiB) pages come from {@link Zone#allocContig}, not from the
 * free lists, as Linux's {@code alloc_contig_pages}.
 *
 * <p>Thread safety: every method may be called from any thread. The per-CPU list of slot
 * {@code core mod cores()} and the zone are guarded by spin locks (per-CPU before zone). A put of a run
 * that is already free is detected when it does not race with the get or put of the same run.
 */
public final class BuddyAllocator implements FrameAllocator {
    /** Frames moved between a per-CPU list and the zone at once ({@code pcp->batch}). */
    public static final int PCP_BATCH = 63;
    /** Frames a per-CPU list may hold before it gives a batch back ({@code pcp->high}). */
    public static final int PCP_HIGH = 6 * PCP_BATCH;
    /** Largest number of frames: the validator counts them in a {@link java.util.BitSet}. */
    public static final long MAX_FRAMES = Integer.MAX_VALUE;
    private static final long CACHE_LINE = 64;
    /** Two cache lines per per-CPU list: the adjacent-line prefetcher fetches lines in pairs. */
    private static final long PER_CPU_STRIDE = 2 * CACHE_LINE;

    private final Arena arena;
    private final PageArray pages;
    private final Zone zone;
    private final PerCpuPages[] perCpu;
    private final long frames;

    private BuddyAllocator(long frames, int cores) {
        this.frames = frames;
        this.arena = Arena.ofShared();
        this.pages = new PageArray(arena.allocate(frames * PageArray.STRUCT_PAGE_BYTES, CACHE_LINE));
        MemorySegment perCpuLines = arena.allocate(cores * PER_CPU_STRIDE, CACHE_LINE);
        this.perCpu = new PerCpuPages[cores];
        for (int cpu = 0; cpu < cores; cpu++) {
            perCpu[cpu] = new PerCpuPages(pages, perCpuLines, cpu * PER_CPU_STRIDE, PCP_BATCH, PCP_HIGH);
        }
        this.zone = new Zone(pages, frames, arena.allocate(Zone.BYTES, CACHE_LINE), 0);
    }

    /**
     * A buddy allocator of {@code frames} frames, all free, with a per-CPU list for each of {@code cores} slots.
     *
     * @throws IllegalArgumentException if frames is not in {@code 1..MAX_FRAMES} or cores is below 1
     */
    public static BuddyAllocator create(long frames, int cores) {
        if (frames < 1 || frames > MAX_FRAMES) {
            throw new IllegalArgumentException("frames: " + frames + " (expected: 1.." + MAX_FRAMES + ")");
        }
        if (cores < 1) {
            throw new IllegalArgumentException("cores: " + cores + " (expected: >= 1)");
        }
        return new BuddyAllocator(frames, cores);
    }

    /** Drain-and-retry rounds of a failing get: Linux's {@code MAX_RECLAIM_RETRIES}. */
    static final int RETRIES = 16;

    @Override
    public long get(int core, int order, Kind kind) {
        FrameAllocator.checkOrder(order);
        long frame = take(core, order);
        for (int retry = 0; frame == PageArray.NONE && retry < RETRIES; retry++) {
            drain();
            frame = take(core, order);
        }
        return frame == PageArray.NONE ? NO_FRAME : frame;
    }

    private long take(int core, int order) {
        if (order > MAX_ORDER) {
            zone.lock();
            try {
                return allocated(zone.allocContig(order), order);
            } finally {
                zone.unlock();
            }
        }
        if (order == 0) {
            PerCpuPages cpu = perCpu(core);
            cpu.lock();
            try {
                return allocated(cpu.take(zone), 0);
            } finally {
                cpu.unlock();
            }
        }
        zone.lock();
        try {
            return allocated(zone.rmqueueSmallest(order), order);
        } finally {
            zone.unlock();
        }
    }

    private long allocated(long frame, int order) {
        if (frame != PageArray.NONE) {
            pages.setFlags(frame, PageState.allocated(order));
        }
        return frame;
    }

    @Override
    public void put(int core, long frame, int order) {
        FrameAllocator.checkRun(frame, order, frames);
        if (order == 0) {
            PerCpuPages cpu = perCpu(core);
            cpu.lock();
            try {
                requireAllocated(frame, order);
                cpu.give(frame, zone);
            } finally {
                cpu.unlock();
            }
            return;
        }
        zone.lock();
        try {
            requireAllocated(frame, order);
            if (order > MAX_ORDER) {
                zone.freeContig(frame, order);
            } else {
                zone.freeOnePage(frame, order);
            }
        } finally {
            zone.unlock();
        }
    }

    private void requireAllocated(long frame, int order) {
        long flags = pages.flags(frame);
        if (flags == PageState.allocated(order)) {
            return;
        }
        if (PageState.isAllocated(flags)) {
            throw new IllegalArgumentException("frame: " + Baselines.hex(frame) + " was allocated with order "
                    + PageState.order(flags) + " (expected: order " + order + ")");
        }
        long head = allocatedRunAround(frame);
        if (head != PageArray.NONE) {
            throw new IllegalArgumentException("frame: " + Baselines.hex(frame) + " lies inside the run of order "
                    + PageState.order(pages.flags(head)) + " at " + Baselines.hex(head) + " (expected: its first frame)");
        }
        throw new DoubleFreeException("frame: " + Baselines.hex(frame) + " of order " + order + " is already free");
    }

    /** The first frame of the allocated run that {@code frame} lies inside, or {@link PageArray#NONE}. */
    private long allocatedRunAround(long frame) {
        for (int order = 1; order <= GIANT_ORDER; order++) {
            long head = frame & -(1L << order);
            long flags = pages.flags(head);
            if (PageState.isAllocated(flags) && PageState.order(flags) >= order) {
                return head;
            }
        }
        return PageArray.NONE;
    }



    @Override
    public long frames() {
        return frames;
    }

    /** Frames on the free lists plus frames on the per-CPU lists (Linux counts both as free). */
    @Override
    public long freeFrames() {
        long free = 0;
        for (PerCpuPages cpu : perCpu) {
            cpu.lock();
            try {
                free += cpu.count();
            } finally {
                cpu.unlock();
            }
        }
        zone.lock();
        try {
            return free + zone.freeFrames();
        } finally {
            zone.unlock();
        }
    }

    /** Free runs of order 9 and 10 on the free lists, in 2 MiB frames; frames on per-CPU lists are never merged into one. */
    @Override
    public long freeHugeFrames() {
        zone.lock();
        try {
            return zone.freeHugeFrames();
        } finally {
            zone.unlock();
        }
    }

    @Override
    public boolean isFree(long frame, int order) {
        FrameAllocator.checkRun(frame, order, frames);
        zone.lock();
        try {
            for (long f = frame; f < frame + (1L << order); f++) {
                if (!isFreeFrame(f)) {
                    return false;
                }
            }
            return true;
        } finally {
            zone.unlock();
        }
    }

    private boolean isFreeFrame(long frame) {
        long flags = pages.flags(frame);
        if (PageState.isPerCpu(flags) || PageState.isBuddy(flags)) {
            return true;
        }
        for (int order = 1; flags == PageState.INSIDE && order <= MAX_ORDER; order++) {
            long head = pages.flags(frame & -(1L << order));
            if (PageState.isBuddy(head) && PageState.order(head) >= order) {
                return true;
            }
        }
        return false;
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
        return perCpu.length;
    }

    /**
     * The blocks on the zone's free lists, as {@code /proc/buddyinfo} shows them (frames on per-CPU lists are free
     * but in no block); the largest run is the largest block, which is all a buddy allocator knows of runs.
     */
    @Override
    public FreeSpace freeSpace() {
        long[] blocks = new long[FrameAllocator.MAX_ORDER + 1];
        long largest = 0;
        zone.lock();
        try {
            for (int order = 0; order <= FrameAllocator.MAX_ORDER; order++) {
                blocks[order] = zone.freeList(order).count();
                largest = blocks[order] > 0 ? 1L << order : largest;
            }
        } finally {
            zone.unlock();
        }
        return FreeSpace.of(blocks, largest);
    }

    /** Frames, free frames and free huge frames; a buddy allocator has neither trees nor kinds, so those lists are empty. */
    @Override
    public Stats stats() {
        return new Stats(frames, freeFrames(), freeHugeFrames(), List.of(), List.of(), 0);
    }

    @Override
    public void validate() {
        for (PerCpuPages cpu : perCpu) {
            cpu.lock();
        }
        zone.lock();
        try {
            BuddyValidator.check(pages, frames, zone, perCpu);
        } finally {
            zone.unlock();
            for (PerCpuPages cpu : perCpu) {
                cpu.unlock();
            }
        }
    }

    /** {@code drain_all_pages}: gives every per-CPU list back to the buddy lists, where the frames merge. */
    @Override
    public void drain() {
        for (PerCpuPages cpu : perCpu) {
            cpu.lock();
            try {
                cpu.drain(zone);
            } finally {
                cpu.unlock();
            }
        }
    }

    @Override
    public void close() {
        arena.close();
    }

    private PerCpuPages perCpu(int core) {
        return perCpu[Math.floorMod(core, perCpu.length)];
    }

    @Override
    public String toString() {
        return "BuddyAllocator[" + frames + " frames, " + perCpu.length + " per-cpu lists (batch " + PCP_BATCH + ", high "
                + PCP_HIGH + ")]";
    }
}
