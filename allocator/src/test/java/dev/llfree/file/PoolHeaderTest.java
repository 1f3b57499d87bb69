package dev.llfree.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Durability;
import dev.llfree.InvalidPoolException;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;
import dev.llfree.pool.TmpfsDir;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The version-3 header: the durability chosen at create is recorded and used by later opens, every byte before
 * the clean flag is under the header checksum (padding included), and version-2 files still open.
 */
class PoolHeaderTest {
    private static final long FRAMES = 16_384;

    @RegisterExtension
    final TmpfsDir tmp = new TmpfsDir();

    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"PMEM", "MAPPED"})
    void shouldOpenWithTheDurabilityChosenAtCreate(Durability durability) throws IOException {
        Path path = tmp.file("pool");
        LLFree.pool(path).frames(FRAMES).durability(durability).create().close();
        try (PoolAllocator pool = LLFree.pool(path).open()) {
            assertEquals(durability, pool.durability(), "an open that names no durability uses the recorded one");
        }
        try (PoolAllocator pool = LLFree.pool(path).durability(Durability.MAPPED).open()) {
            assertEquals(Durability.MAPPED, pool.durability(), "a durability asked for wins");
        }
    }

    @Test
    void shouldRefuseAFlippedPaddingByteOfTheHeader() throws IOException {
        Path path = tmp.file("pool");
        LLFree.pool(path).frames(FRAMES).durability(Durability.MAPPED).create().close();
        ByteBuffer bytes = read(path);
        bytes.put(PoolLayout.DURABILITY_OFFSET + 5, (byte) 1); // a reserved byte, zero in every sound header
        Files.write(path, bytes.array());
        byte[] before = Files.readAllBytes(path);
        InvalidPoolException e = assertThrows(InvalidPoolException.class, () -> LLFree.pool(path).open());
        assertTrue(e.getMessage().contains("header checksum mismatch"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(path));
    }

    @Test
    void shouldOpenAVersion2File() throws IOException {
        Path path = tmp.file("pool");
        long frame;
        try (PoolAllocator pool = LLFree.pool(path).frames(FRAMES).durability(Durability.MAPPED).create()) {
            frame = pool.getOrThrow(0, 0, Kind.MOVABLE);
        }
        ByteBuffer bytes = read(path); // as version 2 wrote it: no durability, the CRC over bytes 0..111
        bytes.putInt(PoolLayout.VERSION_OFFSET, 2);
        bytes.putInt(PoolLayout.DURABILITY_OFFSET, 0);
        CRC32C crc = new CRC32C();
        crc.update(bytes.array(), 0, PoolLayout.CRC_OFFSET);
        bytes.putInt(PoolLayout.CRC_OFFSET, (int) crc.getValue());
        bytes.putLong(PoolLayout.CLEAN_OFFSET, 0); // its metadata checksum covered the old header: open it as crashed
        Files.write(path, bytes.array());
        try (PoolAllocator pool = LLFree.pool(path).open()) {
            assertFalse(pool.isFree(frame, 0));
            assertEquals(FRAMES - 1, pool.freeFrames());
            pool.validate();
        }
    }

    /** PMEM on a file of an ordinary file system (not persistent memory, not tmpfs) is logged as a warning. */
    @Test
    void shouldWarnWhenPmemIsAskedForAFileThatIsNotPersistentMemory(@TempDir Path dir) throws IOException {
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.llfree");
        logger.addHandler(capture);
        try {
            Path onTmpfs = tmp.file("pool");
            LLFree.pool(onTmpfs).frames(FRAMES).durability(Durability.PMEM).create().close();
            assertEquals(List.of(), records.stream().map(LogRecord::getMessage).toList(), "tmpfs emulates pmem: no warning");
            String store = Files.getFileStore(dir).type();
            LLFree.pool(dir.resolve("pool")).frames(FRAMES).durability(Durability.PMEM).create().close();
            assertEquals(store.equals("tmpfs") ? 0 : 1, records.size(), "file system " + store);
            if (!records.isEmpty()) {
                assertTrue(records.getFirst().getMessage().contains("is not persistent memory (file system " + store + ")"),
                    records.getFirst().getMessage());
            }
        } finally {
            logger.removeHandler(capture);
        }
    }

    private static ByteBuffer read(Path path) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
    }
}
