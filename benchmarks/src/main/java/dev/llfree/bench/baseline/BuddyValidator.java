package dev.llfree.bench.baseline;

import dev.llfree.CorruptedAllocatorException;

import java.util.BitSet;

/**
 * Recounts a {@link BuddyAllocator} from its page states and lists: every free list holds aligned runs of
 * its order in page state buddy, linked both ways, none overlapping and none whose buddy is free with the
 * same order (it would have been merged); the list counts and the zone's free counter match; every frame
 * on a per-CPU list is in page state per-CPU; every other frame belongs to exactly one allocated run; and
 * pages inside runs are in state inside.
 *
 * <p>Thread safety: the caller holds every per-CPU lock and the zone lock.
 */
final class BuddyValidator {
    private final PageArray pages;
    private final long frames;
    private final BitSet free;

    private BuddyValidator(PageArray pages, long frames) {
        this.pages = pages;
        this.frames = frames;
        this.free = new BitSet(Math.toIntExact(frames));
    }

    /** @throws CorruptedAllocatorException naming the first inconsistency */
    static void check(PageArray pages, long frames, Zone zone, PerCpuPages[] perCpu) {
        BuddyValidator validator = new BuddyValidator(pages, frames);
        long listed = 0;
        for (int order = 0; order <= Zone.MAX_ORDER; order++) {
            listed += validator.checkList(zone.freeList(order), "free list " + order, order, PageState.buddy(order))
                    << order;
            validator.checkMerged(zone, order);
        }
        if (listed != zone.freeFrames()) {
            throw corrupted("zone counts " + zone.freeFrames() + " free frames, its lists hold " + listed);
        }
        for (int cpu = 0; cpu < perCpu.length; cpu++) {
            validator.checkList(perCpu[cpu].list(), "per-cpu list " + cpu, 0, PageState.perCpu());
        }
        validator.checkAllocated();
    }

    /** @return the number of runs on the list */
    private long checkList(PageList list, String name, int order, long flags) {
        long size = 1L << order;
        long runs = 0;
        long prev = PageArray.NONE;
        for (long frame = list.first(); frame != PageArray.NONE; frame = list.next(frame)) {
            if (++runs > list.count()) {
                throw corrupted(name + " is longer than its count " + list.count());
            }
            if (pages.prev(frame) != prev) {
                throw corrupted(name + ": frame " + Baselines.hex(frame) + " links back to "
                        + Baselines.hex(pages.prev(frame)) + " (expected: " + Baselines.hex(prev) + ")");
            }
            if (pages.flags(frame) != flags || (frame & (size - 1)) != 0 || frame + size > frames) {
                throw corrupted(name + ": frame " + Baselines.hex(frame) + " is " + PageState.describe(pages.flags(frame))
                        + " (expected: " + PageState.describe(flags) + ", aligned, in range)");
            }
            claimFree(frame, size, name);
            prev = frame;
        }
        if (runs != list.count()) {
            throw corrupted(name + " holds " + runs + " runs but counts " + list.count());
        }
        return runs;
    }

    private void claimFree(long frame, long size, String name) {
        int from = (int) frame;
        int to = (int) (frame + size);
        int taken = free.nextSetBit(from);
        if (taken >= 0 && taken < to) {
            throw corrupted(name + ": frame " + Baselines.hex(taken) + " is on two lists");
        }
        free.set(from, to);
        checkInside(frame, size, name);
    }

    private void checkMerged(Zone zone, int order) {
        if (order == Zone.MAX_ORDER) {
            return;
        }
        PageList list = zone.freeList(order);
        for (long frame = list.first(); frame != PageArray.NONE; frame = list.next(frame)) {
            if (zone.isBuddy(frame ^ (1L << order), order)) {
                throw corrupted("free runs " + Baselines.hex(frame) + " and " + Baselines.hex(frame ^ (1L << order))
                        + " of order " + order + " are buddies but were not merged");
            }
        }
    }

    private void checkAllocated() {
        for (int frame = free.nextClearBit(0); frame < frames; frame = free.nextClearBit(frame)) {
            long flags = pages.flags(frame);
            int order = PageState.order(flags);
            long size = 1L << order;
            if (!PageState.isAllocated(flags) || (frame & (size - 1)) != 0 || frame + size > frames) {
                throw corrupted("frame " + Baselines.hex(frame) + " is on no list and " + PageState.describe(flags)
                        + " (expected: the first frame of an allocated run)");
            }
            int onList = free.nextSetBit(frame);
            if (onList >= 0 && onList < frame + size) {
                throw corrupted("allocated run " + Baselines.hex(frame) + " of order " + order + " overlaps free frame "
                        + Baselines.hex(onList));
            }
            checkInside(frame, size, "allocated run");
            frame += (int) size;
        }
    }

    private void checkInside(long frame, long size, String name) {
        for (long inside = frame + 1; inside < frame + size; inside++) {
            if (pages.flags(inside) != PageState.INSIDE) {
                throw corrupted(name + ": frame " + Baselines.hex(inside) + " inside the run at "
                        + Baselines.hex(frame) + " is " + PageState.describe(pages.flags(inside)));
            }
        }
    }

    private static CorruptedAllocatorException corrupted(String message) {
        return new CorruptedAllocatorException("buddy: " + message);
    }
}
