package dev.llfree.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Durability;
import dev.llfree.InvalidPoolException;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;
import dev.llfree.PoolInUseException;
import dev.llfree.file.PoolLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every bad pool file is refused with a clear message, and left byte-for-byte unchanged. */
class PoolBadInputTest {
    private static final long FRAMES = 16384 + 512;

    @RegisterExtension
    final TmpfsDir tmp = new TmpfsDir();
    private Path pool;

    @BeforeEach
    void createAValidPool() throws IOException {
        pool = tmp.file("pool");
        try (PoolAllocator p = LLFree.pool(pool).frames(FRAMES).durability(Durability.MAPPED).create()) {
            p.getOrThrow(0, 3, dev.llfree.Kind.MOVABLE);
        }
    }

    @Test
    void shouldRefuseAFileThatIsNotAPool() throws IOException {
        Files.write(pool, "not a pool, just text that is long enough".repeat(200).getBytes());
        assertRefused(InvalidPoolException.class, "not an llfree pool (magic 0x");
    }

    @Test
    void shouldRefuseANewerFormatVersion() throws IOException {
        patch(bytes -> bytes.putInt(PoolLayout.VERSION_OFFSET, PoolLayout.VERSION + 1));
        assertRefused(InvalidPoolException.class, "format version " + (PoolLayout.VERSION + 1)
            + " is newer than this build reads");
    }

    @Test
    void shouldRefuseAnOlderFormatVersionWithoutTheGiantArea() throws IOException {
        patch(bytes -> bytes.putInt(PoolLayout.VERSION_OFFSET, 1));
        assertRefused(InvalidPoolException.class, "format version 1 is older than this build reads (2..3): it has no"
            + " giant (1 GiB) frame area");
        patch(bytes -> bytes.putInt(PoolLayout.VERSION_OFFSET, 0));
        assertRefused(InvalidPoolException.class, "format version 0 is invalid (expected: 2..3)");
    }

    @Test
    void shouldRefuseAChecksumMismatch() throws IOException {
        patch(bytes -> bytes.putLong(PoolLayout.CREATION_ID_OFFSET, bytes.getLong(PoolLayout.CREATION_ID_OFFSET) ^ 1));
        assertRefused(InvalidPoolException.class, "header checksum mismatch");
    }

    @Test
    void shouldRefuseATruncatedFile() throws IOException {
        byte[] bytes = Files.readAllBytes(pool);
        Files.write(pool, java.util.Arrays.copyOf(bytes, bytes.length - 64));
        assertRefused(InvalidPoolException.class, "truncated: " + (bytes.length - 64) + " bytes, but its header describes");
        Files.write(pool, java.util.Arrays.copyOf(bytes, 100));
        assertRefused(InvalidPoolException.class, "truncated: 100 bytes, shorter than a pool header");
        Files.write(pool, new byte[0]);
        assertRefused(InvalidPoolException.class, "empty file");
    }

    @Test
    void shouldRefuseAGeometryThatDoesNotMatchTheFileLength() throws IOException {
        Files.write(pool, new byte[4096], java.nio.file.StandardOpenOption.APPEND);
        assertRefused(InvalidPoolException.class, "does not match the geometry in its header");
    }

    @Test
    void shouldRefuseADirectoryAndAMissingFile() throws IOException {
        InvalidPoolException directory = assertThrows(InvalidPoolException.class, () -> LLFree.pool(tmp.path()).open());
        assertTrue(directory.getMessage().contains("is a directory"), directory.getMessage());
        assertThrows(NoSuchFileException.class, () -> LLFree.pool(tmp.file("missing")).open());
        assertThrows(IOException.class, () -> LLFree.pool(pool.resolve("below-a-file")).open());
    }

    @Test
    void shouldRefuseAPoolAlreadyOpen() throws IOException {
        try (PoolAllocator open = LLFree.pool(pool).durability(Durability.MAPPED).open()) {
            PoolInUseException e = assertThrows(PoolInUseException.class,
                () -> LLFree.pool(pool).durability(Durability.PMEM).open());
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            assertTrue(open.recovery().clean());
        }
    }

    @Test
    void shouldNeverOverwriteAnExistingFileOnCreate() throws IOException {
        byte[] before = Files.readAllBytes(pool);
        assertThrows(FileAlreadyExistsException.class, () -> LLFree.pool(pool).frames(512).create());
        assertArrayEquals(before, Files.readAllBytes(pool));
    }

    @Test
    void shouldRejectVolatileDurabilityForAFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> LLFree.pool(tmp.file("other")).frames(512).durability(Durability.VOLATILE).create());
        assertTrue(e.getMessage().contains("volatile"));
        assertTrue(Files.notExists(tmp.file("other")));
    }

    private void patch(Consumer<ByteBuffer> change) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(pool)).order(ByteOrder.LITTLE_ENDIAN);
        change.accept(bytes);
        Files.write(pool, bytes.array());
    }

    private void assertRefused(Class<? extends IOException> type, String messagePart) throws IOException {
        byte[] before = Files.readAllBytes(pool);
        for (Durability durability : new Durability[] {Durability.PMEM, Durability.MAPPED, Durability.AUTO}) {
            IOException e = assertThrows(type, () -> LLFree.pool(pool).durability(durability).open());
            assertTrue(e.getMessage().contains(messagePart), "'" + e.getMessage() + "' lacks '" + messagePart + "'");
            assertTrue(e.getMessage().startsWith("pool " + pool), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(pool), "the refused file changed");
        }
        assertEquals(before.length, Files.size(pool));
    }
}
