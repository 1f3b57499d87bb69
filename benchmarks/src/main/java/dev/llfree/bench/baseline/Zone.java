package dev.llfree.bench.baseline;

import dev.llfree.FrameAllocator;

import java.lang.foreign.MemorySegment;

/**
 * The model of one Linux memory zone's buddy allocator ({@code mm/page_alloc.c}): a free list per order
 * 0..{@link #MAX_ORDER} of naturally aligned free runs, split on allocation ({@code __rmqueue_smallest},
 * {@code expand}) and merged with their buddy on free ({@code __free_one_page}), all under one zone lock.
 * One migrate type: every workload here allocates movable memory, for which Linux's per-migratetype
 * lists and pageblock stealing do not come into play.
 *
 * <p>Thread safety: every method but the constructor requires {@link #lock()}.
 */
final class Zone {
    /** Largest order (Linux {@code MAX_PAGE_ORDER}, 4 MiB runs). */
    static final int MAX_ORDER = FrameAllocator.MAX_ORDER;
    /** Bytes of anchors and lock in the segment. */
    static final long BYTES = (MAX_ORDER + 1) * PageList.BYTES + SpinLock.BYTES;

    private final PageArray pages;
    private final long frames;
    private final PageList[] freeArea = new PageList[MAX_ORDER + 1];
    private final SpinLock lock;
    private long freeFrames;

    /** A zone of {@code frames} frames, all free, whose lists and lock live at {@code offset} of {@code segment}. */
    Zone(PageArray pages, long frames, MemorySegment segment, long offset) {
        this.pages = pages;
        this.frames = frames;
        for (int order = 0; order <= MAX_ORDER; order++) {
            freeArea[order] = new PageList(pages, segment, offset + order * PageList.BYTES);
        }
        this.lock = new SpinLock(segment, offset + (MAX_ORDER + 1) * PageList.BYTES);
        freeAll();
    }

    /** As the kernel hands memory to the buddy allocator at boot: the largest aligned runs that fit. */
    private void freeAll() {
        long frame = 0;
        while (frame < frames) {
            int order = MAX_ORDER;
            while ((frame & ((1L << order) - 1)) != 0 || frame + (1L << order) > frames) {
                order--;
            }
            freeOnePage(frame, order);
            frame += 1L << order;
        }
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /**
     * {@code __rmqueue_smallest}: takes the first run of the smallest order at least {@code order} and
     * splits it down to {@code order}, putting each upper half on its free list.
     *
     * @return the run's first frame (its page state still buddy), or {@link PageArray#NONE}
     */
    long rmqueueSmallest(int order) {
        for (int current = order; current <= MAX_ORDER; current++) {
            long frame = freeArea[current].removeFirst();
            if (frame != PageArray.NONE) {
                pages.setFlags(frame, PageState.INSIDE);
                expand(frame, order, current);
                freeFrames -= 1L << order;
                return frame;
            }
        }
        return PageArray.NONE;
    }

    /** {@code expand}: splits the run of order {@code high} at {@code frame} down to {@code low}. */
    private void expand(long frame, int low, int high) {
        for (int order = high - 1; order >= low; order--) {
            long upper = frame + (1L << order);
            pages.setFlags(upper, PageState.buddy(order));
            freeArea[order].addFirst(upper);
        }
    }

    /**
     * {@code __free_one_page}: frees the run of {@code order} at {@code frame}, merging it with its buddy
     * as long as the buddy is a free run of the same order, and puts the result on the tail of its list
     * when its own buddy one order up is free ({@code buddy_merge_likely}), else on the head.
     */
    void freeOnePage(long frame, int order) {
        freeFrames += 1L << order;
        pages.setFlags(frame, PageState.INSIDE);
        long buddy = frame;
        while (order < MAX_ORDER) {
            buddy = frame ^ (1L << order);
            if (!isBuddy(buddy, order)) {
                break;
            }
            freeArea[order].remove(buddy);
            pages.setFlags(buddy, PageState.INSIDE);
            frame &= buddy;
            order++;
        }
        pages.setFlags(frame, PageState.buddy(order));
        if (mergeLikely(frame, buddy, order)) {
            freeArea[order].addLast(frame);
        } else {
            freeArea[order].addFirst(frame);
        }
    }

    /** {@code page_is_buddy}: the run at {@code frame} exists and is free with exactly this order. */
    boolean isBuddy(long frame, int order) {
        return frame + (1L << order) <= frames && pages.flags(frame) == PageState.buddy(order);
    }

    /** {@code buddy_merge_likely}: the buddy of the run one order up is free, so freeing ours' buddy would merge twice. */
    private boolean mergeLikely(long frame, long buddy, int order) {
        if (order >= MAX_ORDER - 1) {
            return false;
        }
        long higher = frame & buddy;
        return isBuddy(higher ^ (1L << (order + 1)), order + 1);
    }

    /**
     * {@code alloc_contig_pages}, the way Linux gets a 1 GiB (gigantic) page: its buddy lists stop at
     * {@link #MAX_ORDER}, so a gigantic page is no free-list entry. Linux walks the zone's naturally aligned
     * candidate ranges ({@code pfn_range_valid_contig}), isolates one ({@code alloc_contig_range}: pageblocks
     * set to MIGRATE_ISOLATE, in-use movable pages migrated out) and takes its free pages off the lists. This
     * model has nowhere to migrate to, so a range with an allocated frame or a frame on a per-CPU list is
     * skipped, as Linux skips ranges it cannot empty; a wholly free range is exactly {@code 2^(order -
     * MAX_ORDER)} free blocks of MAX_ORDER, which are unlinked. The walk is linear in the zone's blocks, as
     * the pfn walk is; the cost of isolation and migration is left out, so this is a lower bound of Linux's.
     *
     * @return the range's first frame (state: allocated head, then INSIDE), or {@link PageArray#NONE}
     */
    long allocContig(int order) {
        long blocks = 1L << (order - MAX_ORDER);
        for (long start = 0; start + (1L << order) <= frames; start += 1L << order) {
            long block = 0;
            while (block < blocks && pages.flags(start + (block << MAX_ORDER)) == PageState.buddy(MAX_ORDER)) {
                block++;
            }
            if (block == blocks) {
                for (block = 0; block < blocks; block++) {
                    long head = start + (block << MAX_ORDER);
                    freeArea[MAX_ORDER].remove(head);
                    pages.setFlags(head, PageState.INSIDE);
                }
                freeFrames -= 1L << order;
                return start;
            }
        }
        return PageArray.NONE;
    }

    /**
     * {@code free_contig_range}: gives a range of {@link #allocContig} back as blocks of MAX_ORDER (Linux frees
     * it page by page in older kernels, which merge back up; freeing whole blocks is the cheaper bound).
     */
    void freeContig(long frame, int order) {
        for (long block = 0; block < 1L << (order - MAX_ORDER); block++) {
            freeOnePage(frame + (block << MAX_ORDER), MAX_ORDER);
        }
    }

    /** Frames on the free lists ({@code NR_FREE_PAGES} without the per-CPU lists). */
    long freeFrames() {
        return freeFrames;
    }

    /** Free runs of {@link FrameAllocator#HUGE_ORDER} and up, counted in 2 MiB frames. */
    long freeHugeFrames() {
        long huge = 0;
        for (int order = FrameAllocator.HUGE_ORDER; order <= MAX_ORDER; order++) {
            huge += freeArea[order].count() << (order - FrameAllocator.HUGE_ORDER);
        }
        return huge;
    }

    /** The free list of {@code order}, for {@link BuddyValidator}. */
    PageList freeList(int order) {
        return freeArea[order];
    }
}
