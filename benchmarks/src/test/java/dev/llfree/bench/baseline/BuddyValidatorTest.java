package dev.llfree.bench.baseline;

import dev.llfree.CorruptedAllocatorException;
import dev.llfree.FrameAllocator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The buddy validator on hand-made zones, each broken in one way it must name. */
class BuddyValidatorTest {
    private static final long FRAMES = 2048;
    private PageArray pages;
    private Zone zone;
    private PerCpuPages cpu;

    @BeforeEach
    void buildZone() {
        Arena arena = Arena.ofAuto();
        pages = new PageArray(arena.allocate(FRAMES * PageArray.STRUCT_PAGE_BYTES));
        MemorySegment lists = arena.allocate(Zone.BYTES + PerCpuPages.BYTES);
        zone = new Zone(pages, FRAMES, lists, 0);
        cpu = new PerCpuPages(pages, lists, Zone.BYTES, 4, 8);
    }

    private void check() {
        BuddyValidator.check(pages, FRAMES, zone, new PerCpuPages[] {cpu});
    }

    private void assertCorrupted(String expected, Consumer<PageArray> breakIt) {
        breakIt.accept(pages);
        CorruptedAllocatorException e = assertThrows(CorruptedAllocatorException.class, this::check);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void shouldAcceptAFreshZoneAndOneWithRunsOnEveryKindOfList() {
        check();
        zone.lock();
        long taken = zone.rmqueueSmallest(3);
        zone.unlock();
        pages.setFlags(taken, PageState.allocated(3));
        pages.setFlags(cpu.take(zone), PageState.allocated(0));
        check();
    }

    @Test
    void shouldNameAFrameThatIsOnNoListAndNotAllocated() {
        zone.lock();
        long taken = zone.rmqueueSmallest(0);
        zone.unlock();
        assertCorrupted("frame 0x" + Long.toHexString(taken) + " is on no list", p -> { });
    }

    @Test
    void shouldNameAFreeRunWhoseStateIsWrong() {
        assertCorrupted("free list 10: frame 0x0 is allocated order 10", p -> p.setFlags(0, PageState.allocated(10)));
    }

    @Test
    void shouldNameABrokenBackLink() {
        zone.lock();
        long first = zone.rmqueueSmallest(0);
        zone.unlock();
        pages.setFlags(first, PageState.allocated(0));
        assertCorrupted("links back to", p -> p.setPrev(zone.freeList(0).first(), 5));
    }

    @Test
    void shouldNameAPageInsideARunThatIsNotMarkedInside() {
        assertCorrupted("inside the run at 0x0", p -> p.setFlags(7, PageState.perCpu()));
    }

    @Test
    void shouldNameBuddiesThatWereNotMerged() {
        int order = FrameAllocator.HUGE_ORDER;
        zone.lock();
        long[] halves = {zone.rmqueueSmallest(order), zone.rmqueueSmallest(order)};
        zone.unlock();
        assertCorrupted("are buddies but were not merged", p -> {
            for (long half : halves) {
                p.setFlags(half, PageState.buddy(order));
                zone.freeList(order).addFirst(half);
            }
        });
    }
}
