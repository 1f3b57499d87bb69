package dev.llfree.core.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llfree.Durability;
import dev.llfree.Kind;
import dev.llfree.core.upper.LLFreeAllocator;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The persistence cost rule: exactly one flush and one drain per get and per put on the common path
 * (the bitfield line, or the child line for huge frames; never the derived counters), and one drain per
 * batch with one flush per touched line. Counted through a {@link Memory} that records the calls.
 */
class FlushCountTest {
    private static final long FRAMES = 4 * 16384;
    private CountingMemory memory;
    private LLFreeAllocator allocator;

    /** Volatile memory that claims PMEM durability and counts the flushes and drains asked of it. */
    private static final class CountingMemory implements Memory, WriteBack {
        private final VolatileMemory inner = VolatileMemory.allocate(LLFreeAllocator.metadataBytes(FRAMES));
        private final Persistence persistence = Persistence.perOperation(this);
        int flushes;
        int drains;
        long lastFlushOffset;

        @Override
        public MemorySegment segment() {
            return inner.segment();
        }

        @Override
        public Durability durability() {
            return Durability.PMEM;
        }

        @Override
        public Persistence persistence() {
            return persistence;
        }

        @Override
        public void flush(PersistSite site, long offset) {
            flushes++;
            lastFlushOffset = offset;
        }

        @Override
        public void drain() {
            drains++;
        }

        @Override
        public void sync(PersistSite site, long offset, long length) {
            flushes++;
            drains++;
        }

        @Override
        public void close() {
            inner.close();
        }

        void reset() {
            flushes = 0;
            drains = 0;
        }
    }

    @BeforeEach
    void create() {
        memory = new CountingMemory();
        allocator = LLFreeAllocator.create(memory, 0, FRAMES, 2);
    }

    @Test
    void shouldFlushAndDrainOncePerGetAndPut() {
        for (int order : new int[] {0, 3, 6, 7, 8, 9, 10}) {
            Kind kind = order >= 9 ? Kind.HUGE : Kind.MOVABLE;
            for (int i = 0; i < 40; i++) {
                memory.reset();
                long frame = allocator.getOrThrow(0, order, kind);
                assertEquals(1, memory.flushes, "flushes of get order " + order);
                assertEquals(1, memory.drains, "drains of get order " + order);
                memory.reset();
                allocator.put(1, frame, order);
                assertEquals(1, memory.flushes, "flushes of put order " + order);
                assertEquals(1, memory.drains, "drains of put order " + order);
            }
        }
        allocator.validate();
    }

    @Test
    void shouldFlushTheBitfieldLineForSmallFramesAndTheChildLineForHugeOnes() {
        long frame = allocator.getOrThrow(0, 0, Kind.MOVABLE);
        assertEquals(frame / 512 * 64, memory.lastFlushOffset, "the frame's bitfield row");
        long huge = allocator.getOrThrow(0, 9, Kind.HUGE);
        long childArea = dev.llfree.core.words.LowerLayout.childOffset(0, FRAMES);
        assertEquals(childArea + huge / 16384 * 64, memory.lastFlushOffset, "the tree's child line");
    }

    @Test
    void shouldDrainOncePerBatchAndFlushEachTouchedLineOnce() {
        allocator.getOrThrow(0, 0, Kind.MOVABLE);
        memory.reset();
        long[] frames = new long[64];
        assertEquals(64, allocator.getBatch(0, 0, Kind.MOVABLE, frames, 0, 64));
        long rows = java.util.Arrays.stream(frames).map(f -> f / 512).distinct().count();
        assertEquals(rows, memory.flushes, "one flush per touched row");
        assertEquals(1, memory.drains);
        memory.reset();
        allocator.putBatch(1, 0, frames, 0, 64);
        assertEquals(1, memory.drains);
        assertEquals(rows, memory.flushes, "puts flush each touched line once");
        allocator.validate();
    }
}
