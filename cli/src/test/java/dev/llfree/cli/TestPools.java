package dev.llfree.cli;

import dev.llfree.Durability;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;
import dev.llfree.file.PoolLayout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Pool files for the command tests, and the damage a crash or a fault leaves, made by patching the file
 * behind the library's back. Geometry: 512 frames per child, 8 longs per bitfield row, four 16-bit child
 * entries per long ({@code free} in bits 0..9, {@code huge} bit 10, {@code pair} bit 11).
 */
final class TestPools {
    /** 2 trees and a half: 40960 frames (160 MiB), children 0..79. */
    static final long FRAMES = 40960;
    static final String SIZE = "160M";
    private static final int HUGE_FLAG = 1 << 10;
    private static final int PAIR_FLAG = 1 << 11;

    private TestPools() { }

    /**
     * A pool with {@link #FRAMES} frames: frames 0..7 allocated (eight single frames, which fill a tree from
     * its bottom; the same bits and counters as one order-3 run there), child 9 allocated huge (order 9).
     */
    static Path create(Path dir) throws IOException {
        Path pool = dir.resolve("pool");
        try (PoolAllocator p = LLFree.pool(pool).frames(FRAMES).durability(Durability.MAPPED).cores(1).create()) {
            for (long expected = 0; expected < 8; expected++) {
                long frame = p.getOrThrow(0, 0, Kind.MOVABLE);
                if (frame != expected) {
                    throw new AssertionError("single frame " + frame + ", expected " + expected);
                }
            }
            long huge = p.getOrThrow(0, 9, Kind.HUGE);
            if (huge == 0) {
                throw new AssertionError("huge frame at 0");
            }
        }
        return pool;
    }

    /** The first huge child of a pool made by {@link #create}. */
    static long hugeChild(Path pool) throws IOException {
        for (long c = 0; c < FRAMES / 512; c++) {
            if ((entry(pool, c) & HUGE_FLAG) != 0) {
                return c;
            }
        }
        throw new AssertionError("no huge child");
    }

    /** As a crash between the bitfield CAS and the counter update leaves it: child 0's counter too low, clean flag clear. */
    static void leaveStaleCounter(Path pool) throws IOException {
        setEntry(pool, 0, entry(pool, 0) - 3);
        setClean(pool, false);
    }

    /** Damage after a clean close: child 1's counter too low, clean flag still set (the checksum no longer matches). */
    static void damageCounterAfterCleanClose(Path pool) throws IOException {
        setEntry(pool, 1, entry(pool, 1) - 5);
    }

    /** Flips bit {@code bit} of the byte at {@code offset}, the clean flag left as it is. */
    static void flipBit(Path pool, long offset, int bit) throws IOException {
        try (FileChannel channel = FileChannel.open(pool, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 1 << bit));
            channel.write(one.rewind(), offset);
        }
    }

    /** What no crash produces: a bit set in the row of a huge child. */
    static void corruptHugeRow(Path pool) throws IOException {
        long row = PoolLayout.bitfieldOffset() + hugeChild(pool) * 64;
        writeLong(pool, row, 1L);
    }

    /** What no crash produces: a pair flag on a child that is not huge. */
    static void corruptPairFlag(Path pool) throws IOException {
        setEntry(pool, 20, entry(pool, 20) | PAIR_FLAG);
    }

    static void setClean(Path pool, boolean clean) throws IOException {
        writeLong(pool, PoolLayout.CLEAN_OFFSET, clean ? PoolLayout.CLEAN : 0);
    }

    private static int entry(Path pool, long child) throws IOException {
        long word = readLong(pool, PoolLayout.childOffset(FRAMES) + child / 4 * 8);
        return (int) (word >>> (child % 4 * 16)) & 0xFFFF;
    }

    private static void setEntry(Path pool, long child, int entry) throws IOException {
        long offset = PoolLayout.childOffset(FRAMES) + child / 4 * 8;
        int shift = (int) (child % 4 * 16);
        long word = readLong(pool, offset);
        writeLong(pool, offset, word & ~(0xFFFFL << shift) | (long) entry << shift);
    }

    private static long readLong(Path pool, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(pool, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(buffer, offset);
            return buffer.getLong(0);
        }
    }

    private static void writeLong(Path pool, long offset, long value) throws IOException {
        try (FileChannel channel = FileChannel.open(pool, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value), offset);
        }
    }

    /** The file's bytes, to show that a command left it unchanged. */
    static byte[] bytes(Path pool) throws IOException {
        return Files.readAllBytes(pool);
    }
}
