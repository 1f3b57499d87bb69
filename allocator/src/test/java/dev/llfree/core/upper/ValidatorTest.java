package dev.llfree.core.upper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.llfree.CorruptedAllocatorException;
import dev.llfree.Kind;
import dev.llfree.core.persist.VolatileMemory;
import dev.llfree.core.words.ChildEntry;
import dev.llfree.core.words.LowerLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Corrupts real metadata behind the allocator's back; validate() must name exactly what is wrong. */
class ValidatorTest {
    private static final long FRAMES = 2 * 16384;
    private static final long BASE = 128;
    private VolatileMemory memory;
    private MemorySegment segment;
    private LLFreeAllocator allocator;

    @BeforeEach
    void create() {
        memory = VolatileMemory.allocate(BASE + LLFreeAllocator.metadataBytes(FRAMES));
        segment = memory.segment();
        allocator = LLFreeAllocator.create(memory, BASE, FRAMES, 2);
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    @Test
    void shouldPassOnAConsistentAllocatorWithReservationsHeld() {
        allocator.getOrThrow(0, 0, Kind.MOVABLE);
        allocator.getOrThrow(1, 9, Kind.HUGE);
        allocator.validate();
    }

    @Test
    void shouldNameTheChildWhoseRowHasAnExtraBit() {
        long frame = allocator.getOrThrow(0, 0, Kind.MOVABLE);
        long word = LowerLayout.bitfieldOffset(BASE) + (frame + 1) / 64 * 8;
        segment.set(ValueLayout.JAVA_LONG, word, segment.get(ValueLayout.JAVA_LONG, word) | 1L << ((frame + 1) % 64));
        assertMismatch("child 0 (frames 0x0..): free 511 but its row has 2 bits set (expected: free 510)");
    }

    @Test
    void shouldNameTheChildWithBitsUnderAHugeFlag() {
        long frame = allocator.getOrThrow(0, 9, Kind.HUGE);
        long child = frame / 512;
        segment.set(ValueLayout.JAVA_LONG, LowerLayout.bitfieldOffset(BASE) + child * 64, 1L);
        assertMismatch("child " + child + " (frames 0x" + Long.toHexString(frame) + "..): huge entry {free=0, huge} but 1 bits set in its row (expected: free 0, no bits)");
    }

    @Test
    void shouldNameTheChildWhoseCounterDisagreesWithItsRow() {
        setChild(32, ChildEntry.of(500));
        assertMismatch("child 32 (frames 0x4000..): free 500 but its row has 0 bits set (expected: free 512)");
    }

    @Test
    void shouldNameTheTreeWhoseCounterDisagreesWithItsChildren() {
        segment.set(ValueLayout.JAVA_LONG, LowerLayout.bitfieldOffset(BASE) + 32 * 64, 1L);
        setChild(32, ChildEntry.of(511));
        assertMismatch("tree 1: entry free 16384 but its children have 16383 free frames");
    }

    @Test
    void shouldNameABrokenOrder10Pair() {
        long frame = allocator.getOrThrow(0, 10, Kind.HUGE);
        long child = frame / 512;
        setChild(child + 1, ChildEntry.HUGE_MASK);
        assertMismatch("child " + child + ": half of an order-10 frame, but its partner child " + (child + 1) + " is {free=0, huge}");
    }

    private void setChild(long child, int entry) {
        long offset = LowerLayout.childOffset(BASE, FRAMES) + child / ChildEntry.PER_LONG * Long.BYTES;
        long word = segment.get(ValueLayout.JAVA_LONG, offset);
        segment.set(ValueLayout.JAVA_LONG, offset, ChildEntry.with(word, ChildEntry.slot(child), entry));
    }

    private void assertMismatch(String expected) {
        CorruptedAllocatorException e = assertThrows(CorruptedAllocatorException.class, allocator::validate);
        assertEquals(expected, e.getMessage());
    }
}
