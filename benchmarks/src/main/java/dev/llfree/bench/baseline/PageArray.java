package dev.llfree.bench.baseline;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The model of Linux's {@code mem_map}: one 64-byte {@code struct page} per frame, so that the buddy
 * model touches as much metadata, as far apart, as the kernel does (1.56% of memory). Only the fields the
 * page allocator uses are modelled; the rest of each record is the space the kernel uses for other
 * purposes.
 *
 * <pre>
 *  struct page (64 bytes, one per frame)
 *  +0  flags     {@link PageState}: buddy head / on a per-CPU list / allocated head, and the order
 *  +8  lru.next  next frame on the list the page is on, or {@link #NONE}
 *  +16 lru.prev  previous frame on that list, or {@link #NONE}
 *  +24 .. +63    not modelled (mapping, index, private, _mapcount, _refcount, memcg_data)
 * </pre>
 *
 * <p>Thread safety: plain accesses; callers hold the lock that guards the page (the zone lock for buddy
 * pages, the per-CPU lock for pages on a per-CPU list).
 */
final class PageArray {
    /** {@code sizeof(struct page)} on x86-64. */
    static final long STRUCT_PAGE_BYTES = 64;
    /** No frame: the end of a list. */
    static final long NONE = -1;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final long FLAGS_OFFSET = 0;
    private static final long NEXT_OFFSET = FLAGS_OFFSET + Long.BYTES;
    private static final long PREV_OFFSET = NEXT_OFFSET + Long.BYTES;

    private final MemorySegment pages;

    /** The pages in {@code pages}, {@link #STRUCT_PAGE_BYTES} per frame, zeroed: every page {@link PageState#INSIDE}. */
    PageArray(MemorySegment pages) {
        this.pages = pages;
    }

    long flags(long frame) {
        return pages.get(LONG, frame * STRUCT_PAGE_BYTES + FLAGS_OFFSET);
    }

    void setFlags(long frame, long flags) {
        pages.set(LONG, frame * STRUCT_PAGE_BYTES + FLAGS_OFFSET, flags);
    }

    long next(long frame) {
        return pages.get(LONG, frame * STRUCT_PAGE_BYTES + NEXT_OFFSET);
    }

    void setNext(long frame, long next) {
        pages.set(LONG, frame * STRUCT_PAGE_BYTES + NEXT_OFFSET, next);
    }

    long prev(long frame) {
        return pages.get(LONG, frame * STRUCT_PAGE_BYTES + PREV_OFFSET);
    }

    void setPrev(long frame, long prev) {
        pages.set(LONG, frame * STRUCT_PAGE_BYTES + PREV_OFFSET, prev);
    }
}
