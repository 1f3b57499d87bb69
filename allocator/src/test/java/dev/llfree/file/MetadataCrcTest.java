package dev.llfree.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.pool.TmpfsDir;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The metadata checksum of a clean close covers pools of every size: at 64 TiB the metadata is 2.2 GB, more than
 * one ByteBuffer holds, so it is read in chunks (a sparse file on tmpfs costs no memory).
 */
class MetadataCrcTest {
    /** 64 TiB of 4 KiB frames. */
    private static final long FRAMES = 1L << 34;

    @RegisterExtension
    final TmpfsDir tmp = new TmpfsDir();

    @Test
    void shouldChecksumMetadataLargerThanOneByteBuffer() throws IOException {
        Path path = tmp.file("sparse");
        long bytes = PoolLayout.metadataEnd(FRAMES);
        assertTrue(bytes > Integer.MAX_VALUE, "metadata of 64 TiB: " + bytes + " bytes");
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(bytes);
            file.seek(bytes - 1);
            file.write(0x5A); // a byte beyond 2 GiB that the checksum must see
            file.seek(PoolLayout.bitfieldOffset() + 12345);
            file.write(0xA5);
        }
        try (Arena arena = Arena.ofConfined(); FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment segment = channel.map(FileChannel.MapMode.READ_ONLY, 0, bytes, arena);
            assertEquals(streamed(channel, bytes), PoolFile.metadataCrc(segment, FRAMES));
        }
    }

    /** The same checksum read through the channel in 64 MiB buffers. */
    private static long streamed(FileChannel channel, long bytes) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 << 20);
        channel.read(buffer.limit(PoolLayout.CRC_OFFSET), 0);
        crc.update(buffer.flip());
        for (long at = PoolLayout.bitfieldOffset(); at < bytes; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), bytes - at));
            at += channel.read(buffer, at);
            crc.update(buffer.flip());
        }
        return crc.getValue();
    }
}
