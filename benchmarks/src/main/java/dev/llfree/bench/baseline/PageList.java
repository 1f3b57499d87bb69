package dev.llfree.bench.baseline;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A doubly linked list of frames threaded through their modelled {@code struct page}s ({@code lru}), as
 * Linux's {@code list_head} free lists and per-CPU lists are. The anchor (first, last, count) lives in a
 * segment the owner places, so that per-CPU anchors sit on their own cache lines.
 *
 * <p>Thread safety: none; the owner's lock guards the anchor and the links of the pages on the list.
 */
final class PageList {
    /** Bytes of anchor in the segment. */
    static final long BYTES = 3 * Long.BYTES;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final long FIRST = 0;
    private static final long LAST = FIRST + Long.BYTES;
    private static final long COUNT = LAST + Long.BYTES;

    private final PageArray pages;
    private final MemorySegment anchor;
    private final long offset;

    /** An empty list whose anchor is at {@code offset} of {@code segment}. */
    PageList(PageArray pages, MemorySegment segment, long offset) {
        this.pages = pages;
        this.anchor = segment;
        this.offset = offset;
        anchor.set(LONG, offset + FIRST, PageArray.NONE);
        anchor.set(LONG, offset + LAST, PageArray.NONE);
        anchor.set(LONG, offset + COUNT, 0);
    }

    long count() {
        return anchor.get(LONG, offset + COUNT);
    }

    boolean isEmpty() {
        return first() == PageArray.NONE;
    }

    /** The first frame, or {@link PageArray#NONE}. */
    long first() {
        return anchor.get(LONG, offset + FIRST);
    }

    /** The frame after {@code frame} on this list, or {@link PageArray#NONE}. */
    long next(long frame) {
        return pages.next(frame);
    }

    /** {@code list_add}: {@code frame} becomes the first. */
    void addFirst(long frame) {
        long first = first();
        pages.setPrev(frame, PageArray.NONE);
        pages.setNext(frame, first);
        if (first == PageArray.NONE) {
            anchor.set(LONG, offset + LAST, frame);
        } else {
            pages.setPrev(first, frame);
        }
        anchor.set(LONG, offset + FIRST, frame);
        anchor.set(LONG, offset + COUNT, count() + 1);
    }

    /** {@code list_add_tail}: {@code frame} becomes the last. */
    void addLast(long frame) {
        long last = anchor.get(LONG, offset + LAST);
        pages.setNext(frame, PageArray.NONE);
        pages.setPrev(frame, last);
        if (last == PageArray.NONE) {
            anchor.set(LONG, offset + FIRST, frame);
        } else {
            pages.setNext(last, frame);
        }
        anchor.set(LONG, offset + LAST, frame);
        anchor.set(LONG, offset + COUNT, count() + 1);
    }

    /** {@code list_del}: unlinks {@code frame}, which must be on this list. */
    void remove(long frame) {
        long prev = pages.prev(frame);
        long next = pages.next(frame);
        if (prev == PageArray.NONE) {
            anchor.set(LONG, offset + FIRST, next);
        } else {
            pages.setNext(prev, next);
        }
        if (next == PageArray.NONE) {
            anchor.set(LONG, offset + LAST, prev);
        } else {
            pages.setPrev(next, prev);
        }
        anchor.set(LONG, offset + COUNT, count() - 1);
    }

    /** Unlinks and returns the first frame, or returns {@link PageArray#NONE} when empty. */
    long removeFirst() {
        long first = first();
        if (first != PageArray.NONE) {
            remove(first);
        }
        return first;
    }

    /** Unlinks and returns the last frame, or returns {@link PageArray#NONE} when empty. */
    long removeLast() {
        long last = anchor.get(LONG, offset + LAST);
        if (last != PageArray.NONE) {
            remove(last);
        }
        return last;
    }
}
