package dev.llfree.bench.baseline;

import dev.llfree.DoubleFreeException;
import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.bench.ShmTempDir;
import dev.llfree.pmemobj.PmemObj;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** libpmemobj behind the frame allocator interface, on a real pool. */
class PmemObjAllocatorTest {
    private static final long FRAMES = 4096;

    @TempDir(factory = ShmTempDir.class)
    Path dir;

    @BeforeEach
    void requireLibrary() {
        assumeTrue(PmemObj.isAvailable(), PmemObj::unavailableReason);
    }

    @Test
    void shouldHandOutEveryFrameOnceAndTakeThemAllBack() throws Exception {
        try (PmemObj pool = PmemObj.create(dir.resolve("pool"), PmemObjAllocator.poolBytes(FRAMES));
             PmemObjAllocator allocator = PmemObjAllocator.create(pool, FRAMES, 2)) {
            long[] frames = new long[(int) FRAMES];
            assertEquals(frames.length, allocator.getBatch(0, 0, Kind.MOVABLE, frames, 0, frames.length));
            assertEquals(0, allocator.freeFrames());
            assertEquals(FrameAllocator.NO_FRAME, allocator.get(1, 0, Kind.MOVABLE));
            allocator.validate();

            allocator.putBatch(1, 0, frames, 0, frames.length);

            assertEquals(FRAMES, allocator.freeFrames());
            allocator.validate();
            long huge = allocator.getOrThrow(0, FrameAllocator.HUGE_ORDER, Kind.HUGE);
            assertEquals(FRAMES - FrameAllocator.HUGE_FRAMES, allocator.freeFrames());
            allocator.put(0, huge, FrameAllocator.HUGE_ORDER);
        }
    }

    @Test
    void shouldRejectBadPuts() throws Exception {
        try (PmemObj pool = PmemObj.create(dir.resolve("pool"), PmemObjAllocator.poolBytes(FRAMES));
             PmemObjAllocator allocator = PmemObjAllocator.create(pool, FRAMES, 1)) {
            long frame = allocator.getOrThrow(0, 1, Kind.MOVABLE);

            assertThrows(IllegalArgumentException.class, () -> allocator.put(0, frame, 0));
            allocator.put(0, frame, 1);
            assertThrows(DoubleFreeException.class, () -> allocator.put(0, frame, 1));
            assertThrows(IllegalArgumentException.class, () -> allocator.put(0, FRAMES, 0));
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, allocator::freeHugeFrames);
            assertTrue(e.getMessage().contains("pmemobj"), e.getMessage());
            allocator.validate();
        }
    }
}
