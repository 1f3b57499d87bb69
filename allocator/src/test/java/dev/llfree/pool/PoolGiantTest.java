package dev.llfree.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Destination;
import dev.llfree.DoubleFreeException;
import dev.llfree.Durability;
import dev.llfree.FrameAllocator;
import dev.llfree.InvalidPoolException;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;
import dev.llfree.core.Geometry;
import dev.llfree.core.words.ChildEntry;
import dev.llfree.file.PoolLayout;
import dev.llfree.getto.Intent;
import dev.llfree.inspect.Consistency;
import dev.llfree.inspect.PoolInspection;
import dev.llfree.inspect.PoolInspector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Giant (1 GiB) frames in a pool file: they survive a clean close and a crash, inspect and fsck count them,
 * recovery frees giant-pending children whose bit is clear, and contradicting giant metadata is refused
 * with the file unchanged.
 */
class PoolGiantTest {
    private static final int GIANT = FrameAllocator.GIANT_ORDER;
    /** One whole 1 GiB region, a tree and a partial child. */
    private static final long FRAMES = FrameAllocator.GIANT_FRAMES + Geometry.TREE_FRAMES + 300;

    @RegisterExtension
    final TmpfsDir tmp = new TmpfsDir();
    private Path path;
    private long small;

    @BeforeEach
    void createAPoolWithAGiantFrame() throws IOException {
        path = tmp.file("pool");
        try (PoolAllocator pool = LLFree.pool(path).frames(FRAMES).durability(Durability.PMEM).cores(2).create()) {
            assertEquals(0, pool.getOrThrow(0, GIANT, Kind.HUGE));
            small = pool.getOrThrow(1, 0, Kind.MOVABLE);
            assertEquals(1, Geometry.giantOf(small));
        }
    }

    @ParameterizedTest(name = "crashed: {0}")
    @ValueSource(booleans = {false, true})
    void shouldKeepTheGiantFrameAcrossACloseOrCrashAndFreeItAfterwards(boolean crash) throws IOException {
        if (crash) {
            try (PoolAllocator pool = LLFree.pool(path).open()) {
                ((Pool) pool).abandon();
            }
        }
        try (PoolAllocator pool = LLFree.pool(path).durability(Durability.PMEM).open()) {
            assertEquals(!crash, pool.recovery().clean());
            assertFalse(pool.isFree(0, GIANT));
            assertFalse(pool.isFree(12345, 0));
            assertEquals(FRAMES - FrameAllocator.GIANT_FRAMES - 1, pool.freeFrames());
            assertEquals(Geometry.TREE_FRAMES / 512 - 1, pool.freeHugeFrames());
            assertEquals(FrameAllocator.NO_FRAME, pool.get(0, GIANT, Kind.HUGE));
            pool.validate();
            assertThrows(IllegalArgumentException.class, () -> pool.put(0, 512, 9));
            pool.put(0, 0, GIANT);
            assertThrows(DoubleFreeException.class, () -> pool.put(0, 0, GIANT));
        }
        try (PoolAllocator pool = LLFree.pool(path).open()) {
            assertTrue(pool.isFree(0, GIANT));
            assertEquals(FRAMES - 1, pool.freeFrames());
            assertEquals(0, pool.getOrThrow(0, GIANT, Kind.MOVABLE));
            pool.validate();
        }
    }

    @Test
    void shouldInspectGiantFramesAsAllocated() throws IOException {
        try (PoolInspector inspector = PoolInspector.open(path)) {
            PoolInspection report = inspector.inspect();
            assertEquals(1, report.giantFrames());
            assertEquals(0, report.hugeFrames());
            assertEquals(FRAMES - FrameAllocator.GIANT_FRAMES - 1, report.freeFrames());
            assertEquals(Geometry.TREE_FRAMES / 512 - 1, report.freeHugeFrames());
            assertEquals(Consistency.Verdict.CLEAN, report.consistency().verdict());
            assertEquals(512, inspector.allocated(7));
            assertTrue(inspector.giant(7) && !inspector.huge(7));
            assertTrue(report.largestFreeRun() < Geometry.TREE_FRAMES + 300, "giant children are not free space");
        }
    }

    @Test
    void shouldFreeGiantPendingChildrenWhoseBitIsClear() throws IOException {
        patch(file -> file.putLong((int) PoolLayout.giantOffset(FRAMES), 0)); // as a crash before the commit leaves it
        try (PoolInspector inspector = PoolInspector.open(path)) {
            Consistency fsck = inspector.consistency();
            assertEquals(Consistency.Verdict.REPAIRABLE, fsck.verdict());
            assertEquals(Geometry.GIANT_CHILDREN, fsck.staleChildren());
            assertEquals(FRAMES - 1, fsck.countedFreeFrames());
            assertEquals(0, inspector.inspect().giantFrames());
        }
        try (PoolAllocator pool = LLFree.pool(path).open()) {
            assertFalse(pool.recovery().clean());
            assertEquals(FRAMES - 1, pool.freeFrames());
            assertTrue(pool.isFree(0, GIANT));
            pool.validate();
            assertEquals(0, pool.getOrThrow(0, GIANT, Kind.HUGE));
        }
    }

    @Test
    void shouldRefuseAGiantBitOverAChildThatIsNotGiant() throws IOException {
        patch(file -> file.putShort((int) PoolLayout.childOffset(FRAMES) + 2 * 300, (short) ChildEntry.of(512)));
        assertRefused("the giant bit of its 1 GiB region 0 is set, but the child is {free=512}");
    }

    @Test
    void shouldRefuseAGiantBitOverBitsInARow() throws IOException {
        patch(file -> file.putLong((int) PoolLayout.bitfieldOffset() + 64 * 100 + 8, 1L));
        assertRefused("with 1 bits set in its row (expected: giant, free 0, no bits)");
    }

    @Test
    void shouldRefuseAGiantBitPastTheLastWholeRegion() throws IOException {
        patch(file -> file.putLong((int) PoolLayout.giantOffset(FRAMES), 0b101));
        assertRefused("giant bit of 1 GiB region 2 is set, but the pool has 1 whole 1 GiB regions");
    }

    @Test
    void shouldRefuseAGiantFlagOutsideEveryWholeRegion() throws IOException {
        long child = Geometry.childOf(small); // in the tree past the region (fuzzing found such a flag let through)
        patch(file -> {
            int off = (int) (PoolLayout.childOffset(FRAMES) + 2 * child);
            file.putShort(off, (short) (file.getShort(off) | ChildEntry.GIANT_MASK));
        });
        assertRefused("outside every whole 1 GiB region (the pool has 1)");
    }

    /**
     * An intent slot naming a run inside the committed giant frame cannot come from a crash (a get-to or put-from
     * holds its run's children): the open refuses it before recovery writes a byte (fuzzing found a recovery that
     * erased the giant children first and refused the pool only afterwards).
     */
    @ParameterizedTest(name = "order {0}")
    @ValueSource(ints = {0, 3, 9, 10})
    void shouldRefuseAnIntentWhoseRunLiesInTheGiantFrame(int order) throws IOException {
        long frame = 192L * Geometry.CHILD_FRAMES;
        for (long state : new long[] {Intent.bound(frame, order, false), Intent.bound(frame, order, true),
            Intent.releasing(frame, order)}) {
            patch(file -> {
                file.putLong((int) PoolLayout.intentOffset(5), state);
                file.putLong((int) PoolLayout.intentOffset(5) + Long.BYTES, Intent.encode(Destination.root(1)));
            });
            byte[] before = Files.readAllBytes(path);
            InvalidPoolException e = assertThrows(InvalidPoolException.class, () -> LLFree.pool(path).open());
            assertTrue(e.getMessage().contains("intent slot 5: run 0x18000 of order " + order), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(path), "the refused file changed");
        }
    }

    /** Changes the pool's bytes as a crash may leave them: the pool is marked open (its clean flag clear). */
    private void patch(Consumer<ByteBuffer> change) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(PoolLayout.CLEAN_OFFSET, 0);
        change.accept(bytes);
        Files.write(path, bytes.array());
    }

    private void assertRefused(String messagePart) throws IOException {
        byte[] before = Files.readAllBytes(path);
        try (PoolInspector inspector = PoolInspector.open(path)) {
            assertEquals(Consistency.Verdict.CORRUPT, inspector.consistency().verdict());
        }
        for (Durability durability : new Durability[] {Durability.PMEM, Durability.MAPPED}) {
            InvalidPoolException e = assertThrows(InvalidPoolException.class, () -> LLFree.pool(path).durability(durability).open());
            assertTrue(e.getMessage().contains("corrupt metadata") && e.getMessage().contains(messagePart), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(path), "the refused file changed");
        }
    }
}
