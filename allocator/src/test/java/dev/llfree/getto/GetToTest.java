package dev.llfree.getto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Destination;
import dev.llfree.DoubleFreeException;
import dev.llfree.Durability;
import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;
import dev.llfree.file.PoolLayout;
import dev.llfree.pool.Pool;
import dev.llfree.pool.TmpfsDir;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Root slots, get-to and put-from on a pool: values, durability across close and crash, and bad input. */
class GetToTest {
    private static final long FRAMES = 2 * 16384 + 3 * 512;

    @RegisterExtension
    final TmpfsDir tmp = new TmpfsDir();

    private PoolAllocator create(boolean data) throws IOException {
        return LLFree.pool(tmp.file("pool")).frames(FRAMES).data(data).durability(Durability.PMEM).cores(2).create();
    }

    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"PMEM", "EADR", "MAPPED"})
    void shouldKeepRootsAcrossACleanCloseAndACrash(Durability durability) throws IOException {
        Path path = tmp.file("pool");
        try (PoolAllocator pool = LLFree.pool(path).frames(FRAMES).durability(durability).cores(1).create()) {
            for (int i = 0; i < PoolLayout.ROOTS; i++) {
                assertEquals(FrameAllocator.NO_FRAME, pool.root(i));
            }
            pool.setRoot(0, 42);
            assertTrue(pool.compareAndSetRoot(63, FrameAllocator.NO_FRAME, 7));
            assertFalse(pool.compareAndSetRoot(63, FrameAllocator.NO_FRAME, 8));
        }
        Pool pool = (Pool) LLFree.pool(path).durability(durability).cores(1).open();
        assertEquals(42, pool.root(0));
        assertEquals(7, pool.root(63));
        pool.setRoot(1, -5);
        pool.abandon();
        try (PoolAllocator reopened = LLFree.pool(path).durability(durability).cores(1).open()) {
            assertEquals(-5, reopened.root(1));
            assertEquals(42, reopened.root(0));
        }
    }

    @Test
    void shouldRefuseARootIndexOutOfRange() throws IOException {
        try (PoolAllocator pool = create(false)) {
            assertThrows(IllegalArgumentException.class, () -> pool.root(64));
            assertThrows(IllegalArgumentException.class, () -> pool.setRoot(-1, 0));
            assertThrows(IllegalArgumentException.class, () -> pool.compareAndSetRoot(64, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> Destination.root(64));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 6, 7, 8, 9, 10})
    void shouldPublishIntoARootAndFreeFromIt(int order) throws IOException {
        Path path = tmp.file("pool");
        long frame;
        try (PoolAllocator pool = create(false)) {
            frame = pool.getTo(0, Destination.root(5), order, Kind.MOVABLE);
            assertTrue(frame >= 0 && frame % (1L << order) == 0, "frame " + frame);
            assertEquals(frame, pool.root(5));
            assertFalse(pool.isFree(frame, order));
            assertEquals(FRAMES - (1L << order), pool.freeFrames());
            pool.validate();
        }
        try (PoolAllocator pool = LLFree.pool(path).cores(2).open()) {
            assertEquals(frame, pool.root(5));
            assertEquals(frame, pool.putFrom(1, Destination.root(5), order));
            assertEquals(FrameAllocator.NO_FRAME, pool.root(5));
            assertTrue(pool.isFree(frame, order));
            assertEquals(FRAMES, pool.freeFrames());
            pool.validate();
        }
    }

    @Test
    void shouldPublishIntoTheDataAreaAndMixWithPlainGets() throws IOException {
        try (PoolAllocator pool = create(true)) {
            long plain = pool.getOrThrow(0, 0, Kind.MOVABLE);
            pool.frame(plain, 0).set(ValueLayout.JAVA_LONG, 8, FrameAllocator.NO_FRAME);
            Destination d = Destination.data(plain * FrameAllocator.FRAME_SIZE + 8);
            long frame = pool.getTo(0, d, 0, Kind.MOVABLE);
            assertEquals(frame, pool.frame(plain, 0).get(ValueLayout.JAVA_LONG, 8));
            assertTrue(frame != plain);
            long[] more = new long[600];
            assertEquals(600, pool.getBatch(0, 0, Kind.MOVABLE, more, 0, 600));
            for (long f : more) {
                assertTrue(f != frame && f != plain);
            }
            pool.putFrom(0, d, 0);
            pool.putBatch(0, 0, more, 0, 600);
            pool.put(0, plain, 0);
            assertEquals(FRAMES, pool.freeFrames());
            pool.validate();
        }
    }

    @Test
    void shouldRefuseANonEmptyDestinationWithoutLeakingItsFrame() throws IOException {
        try (PoolAllocator pool = create(false)) {
            long first = pool.getTo(0, Destination.root(0), 0, Kind.MOVABLE);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> pool.getTo(0, Destination.root(0), 0, Kind.MOVABLE));
            assertTrue(e.getMessage().contains("root 0 is not empty"), e.getMessage());
            assertEquals(first, pool.root(0));
            assertEquals(FRAMES - 1, pool.freeFrames());
            pool.validate();
        }
    }

    @Test
    void shouldRefuseBadDestinationsWithNothingChanged() throws IOException {
        try (PoolAllocator pool = create(true)) {
            assertThrows(IllegalArgumentException.class, () -> Destination.data(12));
            assertThrows(IllegalArgumentException.class, () -> Destination.data(-8));
            IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> pool.getTo(0, Destination.data(FRAMES * FrameAllocator.FRAME_SIZE), 0, Kind.MOVABLE));
            assertTrue(outside.getMessage().contains("inside the data area"), outside.getMessage());
            assertThrows(IllegalArgumentException.class, () -> pool.getTo(0, Destination.root(1), 11, Kind.MOVABLE));
            IllegalArgumentException giant = assertThrows(IllegalArgumentException.class,
                () -> pool.getTo(0, Destination.root(1), 18, Kind.HUGE));
            assertTrue(giant.getMessage().contains("expected: 0..10 for get-to"), giant.getMessage());
            assertEquals(FrameAllocator.NO_FRAME, pool.root(1));
            assertEquals(FRAMES, pool.freeFrames());
        }
        Files.delete(tmp.file("pool"));
        try (PoolAllocator pool = create(false)) {
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> pool.getTo(0, Destination.data(0), 0, Kind.MOVABLE));
            assertTrue(none.getMessage().contains("no data area"), none.getMessage());
            assertEquals(FRAMES, pool.freeFrames());
        }
    }

    @Test
    void shouldRefuseABadPutFromWithNothingChanged() throws IOException {
        try (PoolAllocator pool = create(false)) {
            assertThrows(IllegalStateException.class, () -> pool.putFrom(0, Destination.root(2), 0));
            long frame = pool.getTo(0, Destination.root(2), 0, Kind.MOVABLE);
            assertThrows(IllegalArgumentException.class, () -> pool.putFrom(0, Destination.root(2), 3));
            assertThrows(IllegalArgumentException.class, () -> pool.putFrom(0, Destination.root(2), 18));
            assertEquals(frame, pool.root(2));
            pool.put(0, frame, 0);
            assertThrows(DoubleFreeException.class, () -> pool.putFrom(0, Destination.root(2), 0));
            assertEquals(frame, pool.root(2));
            assertEquals(FRAMES, pool.freeFrames());
        }
    }

    @Test
    void shouldRefuseAPoolWithADamagedIntentUnchanged() throws IOException {
        Path path = tmp.file("pool");
        create(false).close();
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(path,
                java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer word = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            channel.write(word.putLong(0, Intent.bound(FRAMES + 64, 0, false)), PoolLayout.intentOffset(3));
        }
        byte[] before = Files.readAllBytes(path);
        dev.llfree.InvalidPoolException e = assertThrows(dev.llfree.InvalidPoolException.class,
            () -> LLFree.pool(path).open());
        assertTrue(e.getMessage().contains("intent slot 3"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(path));
    }
}
