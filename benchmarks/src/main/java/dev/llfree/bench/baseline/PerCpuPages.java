package dev.llfree.bench.baseline;

import java.lang.foreign.MemorySegment;

/**
 * The model of one CPU's {@code struct per_cpu_pages} for order 0 ({@code mm/page_alloc.c}): a list of
 * free frames that gets and puts of single frames use without the zone lock. An empty list is refilled
 * with {@code batch} frames from the buddy lists under the zone lock ({@code rmqueue_bulk}, appended at
 * the tail); a put adds at the head and, once the list holds {@code high} frames, gives the
 * {@code batch} coldest (tail) frames back to the buddy lists ({@code free_pcppages_bulk}), where they
 * merge. Frames on the list are free but not merged, as in Linux.
 *
 * <p>Thread safety: every method but the constructor requires {@link #lock()}; the list's lock comes
 * before the zone lock.
 */
final class PerCpuPages {
    /** Bytes of anchor and lock in the segment (within one cache line). */
    static final long BYTES = PageList.BYTES + SpinLock.BYTES;

    private final PageArray pages;
    private final PageList list;
    private final SpinLock lock;
    private final int batch;
    private final int high;

    /** An empty list whose anchor and lock live at {@code offset} of {@code segment}. */
    PerCpuPages(PageArray pages, MemorySegment segment, long offset, int batch, int high) {
        this.pages = pages;
        this.list = new PageList(pages, segment, offset);
        this.lock = new SpinLock(segment, offset + PageList.BYTES);
        this.batch = batch;
        this.high = high;
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /**
     * {@code rmqueue_pcplist}: the first frame of the list, refilled from {@code zone} first when empty.
     *
     * @return a frame whose page state is still per-CPU, or {@link PageArray#NONE} when the zone has no
     *     frame left either
     */
    long take(Zone zone) {
        if (list.isEmpty()) {
            zone.lock();
            try {
                for (int i = 0; i < batch; i++) {
                    long frame = zone.rmqueueSmallest(0);
                    if (frame == PageArray.NONE) {
                        break;
                    }
                    pages.setFlags(frame, PageState.perCpu());
                    list.addLast(frame);
                }
            } finally {
                zone.unlock();
            }
        }
        return list.removeFirst();
    }

    /** {@code free_unref_page_commit}: adds a freed frame at the head, then trims the list to below {@code high}. */
    void give(long frame, Zone zone) {
        pages.setFlags(frame, PageState.perCpu());
        list.addFirst(frame);
        if (list.count() >= high) {
            giveBack(batch, zone);
        }
    }

    /** {@code drain_pages_zone}: gives every frame back to the buddy lists. */
    void drain(Zone zone) {
        giveBack(list.count(), zone);
    }

    /** {@code free_pcppages_bulk}: gives the {@code count} coldest frames back to the buddy lists. */
    private void giveBack(long count, Zone zone) {
        zone.lock();
        try {
            for (long i = 0; i < count; i++) {
                zone.freeOnePage(list.removeLast(), 0);
            }
        } finally {
            zone.unlock();
        }
    }

    /** Frames on the list. */
    long count() {
        return list.count();
    }

    /** The list, for {@link BuddyValidator}. */
    PageList list() {
        return list;
    }
}
