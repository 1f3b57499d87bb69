package dev.llfree.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Durability;
import dev.llfree.InvalidPoolException;
import dev.llfree.Kind;
import dev.llfree.pool.Pool;
import dev.llfree.pool.TmpfsDir;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A case the pool fuzzer found: a cleanly closed pool whose header is rewritten, CRC-correct, for a
 * frame count with the same layout (here 600 -> 576 frames: two children either way), the file resized
 * to match. Its metadata checksum must not vouch for the new geometry (a checksum over the header
 * including its own CRC would: the CRC of a message followed by its CRC is one constant): the open refuses it
 * as changed while closed, and a recovery (had it crashed) finds frames past the new end marked free.
 */
class RewrittenHeaderTest {
    @RegisterExtension
    final TmpfsDir tmp = new TmpfsDir();

    @Test
    void shouldNotTrustTheCleanFlagOfAPoolWhoseHeaderWasRewrittenForAnotherFrameCount() throws IOException {
        Path path = tmp.file("pool");
        try (Pool pool = Pool.create(path, 600, true, Durability.MAPPED, 2)) {
            pool.getOrThrow(0, 3, Kind.MOVABLE);
        }
        PoolHeader header = PoolHeader.forNew(576, true, 42, Durability.MAPPED);
        byte[] bytes = Arrays.copyOf(Files.readAllBytes(path), (int) header.fileLength());
        header.writeWithoutMagic(MemorySegment.ofArray(bytes));
        PoolHeader.publish(MemorySegment.ofArray(bytes));
        assertFalse(PoolFile.metadataCrc(MemorySegment.ofArray(bytes), 576)
            == MemorySegment.ofArray(bytes).get(ValueLayout.JAVA_LONG_UNALIGNED,
                PoolLayout.METADATA_CRC_OFFSET), "the metadata checksum vouches for the rewritten header");
        Files.write(path, bytes);
        for (Durability durability : new Durability[] {Durability.PMEM, Durability.MAPPED}) {
            InvalidPoolException e = assertThrows(InvalidPoolException.class, () -> Pool.open(path, durability, 2));
            assertTrue(e.getMessage().contains("media corruption: the metadata changed while the pool was closed"),
                e.getMessage());
            assertArrayEquals(bytes, Files.readAllBytes(path), "the refused file changed");
        }
        MemorySegment.ofArray(bytes).set(ValueLayout.JAVA_LONG_UNALIGNED, PoolLayout.CLEAN_OFFSET, 0); // as if crashed
        Files.write(path, bytes);
        for (Durability durability : new Durability[] {Durability.PMEM, Durability.MAPPED}) {
            InvalidPoolException e = assertThrows(InvalidPoolException.class, () -> Pool.open(path, durability, 2));
            assertTrue(e.getMessage().contains("corrupt metadata") && e.getMessage().contains("past the end"),
                e.getMessage());
            assertArrayEquals(bytes, Files.readAllBytes(path), "the refused file changed");
        }
    }
}
