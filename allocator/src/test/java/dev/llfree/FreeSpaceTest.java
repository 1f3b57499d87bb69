package dev.llfree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.llfree.core.persist.VolatileMemory;
import dev.llfree.core.upper.LLFreeAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The buddy decomposition, the largest run and Linux's indices, on known shapes and against a brute-force recount. */
class FreeSpaceTest {
    private LLFreeAllocator allocator;

    private FreeSpace create(long frames) {
        allocator = LLFreeAllocator.create(VolatileMemory.allocate(LLFreeAllocator.metadataBytes(frames)), 0, frames, 1);
        return allocator.freeSpace();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    @Test
    void shouldSeeAnEmptyPoolAsOrder10BlocksWithNoFragmentation() {
        FreeSpace space = create(4 * 512);

        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, blocks(space));
        assertEquals(2048, space.largestRun());
        assertEquals(10, space.largestOrder());
        for (int k = 0; k <= 10; k++) {
            assertEquals(0, space.unusableFreeIndex(k));
            assertEquals(-1000, space.fragmentationIndex(k));
        }
    }

    @Test
    void shouldSeeAFullPoolAsAllUnusableAndNotFragmented() {
        create(4 * 512);
        while (allocator.get(0, 0, Kind.MOVABLE) >= 0) {
            // fill every frame
        }
        FreeSpace space = allocator.freeSpace();

        assertEquals(0, space.freeFrames());
        assertEquals(0, space.largestRun());
        assertEquals(-1, space.largestOrder());
        assertEquals(1000, space.unusableFreeIndex(0)); // Linux: no free memory counts as all unusable
        assertEquals(0, space.fragmentationIndex(0));   // Linux: no free block, so lack of memory
    }

    @Test
    void shouldRateACheckerboardAsLinuxDoes() {
        create(4 * 512);
        for (long f = 0; f < 2048; f++) {
            allocator.getOrThrow(0, 0, Kind.MOVABLE);
        }
        for (long f = 1; f < 2048; f += 2) {
            allocator.put(0, f, 0);
        }
        FreeSpace space = allocator.freeSpace();

        assertEquals(1024, space.blocks(0));
        assertEquals(1, space.largestRun());
        assertEquals(0, space.unusableFreeIndex(0));
        assertEquals(1000, space.unusableFreeIndex(1));
        assertEquals(-1000, space.fragmentationIndex(0));
        assertEquals(1000 - (1000 + 1024 * 1000 / 2) / 1024, space.fragmentationIndex(1)); // 500
        assertEquals(1000 - (1000 + 1024 * 1000 / 4) / 1024, space.fragmentationIndex(2)); // 750
    }

    @Test
    void shouldDecomposeAPartialLastChildIntoAlignedBlocks() {
        FreeSpace space = create(512 + 100); // the last child has 100 = 64 + 32 + 4 frames

        assertArrayEquals(new long[] {0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0}, blocks(space));
        assertEquals(612, space.largestRun());
    }

    @Test
    void shouldNotCountAHugeFrameAsFree() {
        create(4 * 512);
        long huge = allocator.getOrThrow(0, 9, Kind.HUGE);
        FreeSpace space = allocator.freeSpace();

        assertEquals(1536, space.freeFrames());
        assertEquals(Math.max(huge, 1536 - huge), space.largestRun());
    }

    @Test
    void shouldRejectOrdersOutsideTheirRange() {
        FreeSpace space = create(4 * 512);

        assertThrows(IllegalArgumentException.class, () -> space.blocks(-1));
        assertThrows(IllegalArgumentException.class, () -> space.blocks(FrameAllocator.MAX_ORDER + 1));
        assertThrows(IllegalArgumentException.class, () -> space.unusableFreeIndex(-1));
        assertThrows(IllegalArgumentException.class, () -> space.fragmentationIndex(FreeSpace.MAX_REQUEST_ORDER + 1));
        assertEquals(1000, space.unusableFreeIndex(FreeSpace.MAX_REQUEST_ORDER)); // no block that large
        assertEquals(1000 - (1000 + 2048 * 1000 / (1L << 18)) / 2, space.fragmentationIndex(18));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void shouldMatchABruteForceRecountAfterRandomGetsAndPuts(long seed) {
        long frames = 8 * 512 + 300;
        create(frames);
        SplittableRandom random = new SplittableRandom(seed);
        List<long[]> held = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            if (!held.isEmpty() && random.nextInt(3) == 0) {
                long[] run = held.remove(random.nextInt(held.size()));
                allocator.put(0, run[0], (int) run[1]);
            } else {
                int order = random.nextInt(10) == 0 ? 9 + random.nextInt(2) : random.nextInt(9);
                long frame = allocator.get(0, order, order >= 9 ? Kind.HUGE : Kind.MOVABLE);
                if (frame != FrameAllocator.NO_FRAME) {
                    held.add(new long[] {frame, order});
                }
            }
        }
        FreeSpace space = allocator.freeSpace();

        assertArrayEquals(bruteForceBlocks(frames), blocks(space), "seed " + seed);
        assertEquals(bruteForceLargestRun(frames), space.largestRun(), "seed " + seed);
        assertEquals(allocator.freeFrames(), space.freeFrames(), "seed " + seed);
    }

    /** A free aligned run of order k is a block unless its aligned parent of order k+1 is free too. */
    private long[] bruteForceBlocks(long frames) {
        long[] blocks = new long[11];
        for (int k = 0; k <= 10; k++) {
            for (long f = 0; f + (1L << k) <= frames; f += 1L << k) {
                long parent = f & -(2L << k);
                boolean parentFree = k < 10 && parent + (2L << k) <= frames && allocator.isFree(parent, k + 1);
                blocks[k] += allocator.isFree(f, k) && !parentFree ? 1 : 0;
            }
        }
        return blocks;
    }

    private long bruteForceLargestRun(long frames) {
        long largest = 0;
        long current = 0;
        for (long f = 0; f < frames; f++) {
            current = allocator.isFree(f, 0) ? current + 1 : 0;
            largest = Math.max(largest, current);
        }
        return largest;
    }

    private static long[] blocks(FreeSpace space) {
        long[] blocks = new long[11];
        for (int k = 0; k <= 10; k++) {
            blocks[k] = space.blocks(k);
        }
        return blocks;
    }
}
