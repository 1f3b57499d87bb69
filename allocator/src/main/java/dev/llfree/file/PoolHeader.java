package dev.llfree.file;

import static dev.llfree.core.Checks.hex;

import dev.llfree.Durability;
import dev.llfree.FrameAllocator;
import dev.llfree.InvalidPoolException;
import dev.llfree.core.Geometry;
import dev.llfree.core.words.LowerLayout;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The fixed fields of a pool header ({@link PoolLayout}), read and checked before anything is mapped
 * or written: a file that fails any check is left byte-for-byte unchanged.
 *
 * @param durability the durability chosen at create, or {@link Durability#AUTO} where none is recorded (version 2)
 */
public record PoolHeader(int version, long frames, long dataOffset, long dataBytes, long creationId,
                         Durability durability) {
    /** The durabilities a header records, by code (0: none recorded). */
    private static final Durability[] RECORDED = {Durability.AUTO, Durability.PMEM, Durability.EADR, Durability.MAPPED};

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The header of a new pool, recording {@code durability} (PMEM, EADR or MAPPED). */
    public static PoolHeader forNew(long frames, boolean data, long creationId, Durability durability) {
        return new PoolHeader(PoolLayout.VERSION, frames, data ? PoolLayout.dataOffset(frames) : 0,
            data ? PoolLayout.dataBytes(frames) : 0, creationId, durability);
    }

    public boolean hasData() {
        return dataBytes > 0;
    }

    /** The file length this header describes. */
    public long fileLength() {
        return PoolLayout.fileLength(frames, hasData());
    }

    /** Writes every fixed field and the CRC, but not the magic (published last, by {@link #publish}). */
    public void writeWithoutMagic(MemorySegment file) {
        MemorySegment h = file.asSlice(0, PoolLayout.HEADER_BYTES);
        fields(h, false);
        h.set(INT, PoolLayout.CRC_OFFSET, crc(h, version, true));
    }

    /** Publishes the magic: from now on the file opens as a pool. */
    public static void publish(MemorySegment file) {
        file.set(LONG, PoolLayout.MAGIC_OFFSET, PoolLayout.MAGIC);
    }

    private void fields(MemorySegment h, boolean withMagic) {
        h.set(LONG, PoolLayout.MAGIC_OFFSET, withMagic ? PoolLayout.MAGIC : 0);
        h.set(INT, PoolLayout.VERSION_OFFSET, version);
        h.set(INT, PoolLayout.HEADER_BYTES_OFFSET, PoolLayout.HEADER_BYTES);
        h.set(LONG, PoolLayout.FRAME_SIZE_OFFSET, FrameAllocator.FRAME_SIZE);
        h.set(LONG, PoolLayout.FRAMES_OFFSET, frames);
        h.set(INT, PoolLayout.TREE_FRAMES_OFFSET, Geometry.TREE_FRAMES);
        h.set(INT, PoolLayout.CHILD_FRAMES_OFFSET, Geometry.CHILD_FRAMES);
        h.set(LONG, PoolLayout.BITFIELD_OFFSET_OFFSET, PoolLayout.bitfieldOffset());
        h.set(LONG, PoolLayout.BITFIELD_BYTES_OFFSET, LowerLayout.bitfieldBytes(frames));
        h.set(LONG, PoolLayout.CHILD_OFFSET_OFFSET, PoolLayout.childOffset(frames));
        h.set(LONG, PoolLayout.CHILD_BYTES_OFFSET, LowerLayout.childBytes(frames));
        h.set(LONG, PoolLayout.GIANT_OFFSET_OFFSET, PoolLayout.giantOffset(frames));
        h.set(LONG, PoolLayout.GIANT_BYTES_OFFSET, LowerLayout.giantBytes(frames));
        h.set(LONG, PoolLayout.DATA_OFFSET_OFFSET, dataOffset);
        h.set(LONG, PoolLayout.DATA_BYTES_OFFSET, dataBytes);
        h.set(LONG, PoolLayout.CREATION_ID_OFFSET, creationId);
        h.set(INT, PoolLayout.DURABILITY_OFFSET, version >= 3 ? durabilityCode(durability) : 0);
    }

    private static int durabilityCode(Durability durability) {
        for (int code = 0; code < RECORDED.length; code++) {
            if (RECORDED[code] == durability) {
                return code;
            }
        }
        throw new IllegalArgumentException("durability: " + durability + " (expected: pmem, eadr, mapped or auto)");
    }

    /**
     * CRC32C of the fixed fields of header {@code h} of format {@code version}, the magic counted as published (so
     * the stored CRC holds once it is): from version 3 every byte before the clean flag but the CRC itself, in
     * version 2 the bytes before the CRC.
     */
    private static int crc(MemorySegment h, int version, boolean magicPublished) {
        byte[] bytes = h.asSlice(0, PoolLayout.CRC_END).toArray(ValueLayout.JAVA_BYTE);
        if (magicPublished) {
            MemorySegment.ofArray(bytes).set(LONG, PoolLayout.MAGIC_OFFSET, PoolLayout.MAGIC);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, PoolLayout.CRC_OFFSET);
        if (version >= 3) {
            crc.update(bytes, PoolLayout.CRC_OFFSET + Integer.BYTES, PoolLayout.CRC_END - PoolLayout.CRC_OFFSET - Integer.BYTES);
        }
        return (int) crc.getValue();
    }

    /**
     * Reads and checks the header of the open file, in this order: length, magic, version, checksum,
     * geometry of this build, area offsets, file length.
     *
     * @throws InvalidPoolException naming the first problem; nothing is written
     */
    public static PoolHeader read(FileChannel channel, Path path) throws IOException {
        long length = channel.size();
        if (length == 0) {
            throw new InvalidPoolException(path, "empty file, not a pool");
        }
        if (length < PoolLayout.HEADER_BYTES) {
            throw new InvalidPoolException(path, "truncated: " + length + " bytes, shorter than a pool header ("
                + PoolLayout.HEADER_BYTES + " bytes)");
        }
        ByteBuffer buffer = ByteBuffer.allocate(PoolLayout.HEADER_BYTES);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
            // read until the header is complete; the length check above guarantees it exists
        }
        MemorySegment h = MemorySegment.ofBuffer(buffer.flip());
        long magic = h.get(LONG, PoolLayout.MAGIC_OFFSET);
        if (magic != PoolLayout.MAGIC) {
            throw new InvalidPoolException(path, "not an llfree pool (magic " + hex(magic) + ", expected "
                + hex(PoolLayout.MAGIC) + " \"LLFREEP1\")");
        }
        int version = h.get(INT, PoolLayout.VERSION_OFFSET);
        String window = "(" + PoolLayout.MIN_VERSION + ".." + PoolLayout.VERSION + ")";
        if (version > PoolLayout.VERSION) {
            throw new InvalidPoolException(path, "format version " + version + " is newer than this build reads "
                + window + ": upgrade llfree-java");
        }
        if (version >= 1 && version < PoolLayout.MIN_VERSION) {
            throw new InvalidPoolException(path, "format version " + version + " is older than this build reads "
                + window + ": it has no giant (1 GiB) frame area; recreate the pool with this build");
        }
        if (version < 1) {
            throw new InvalidPoolException(path, "format version " + version + " is invalid (expected: "
                + PoolLayout.MIN_VERSION + ".." + PoolLayout.VERSION + ")");
        }
        int stored = h.get(INT, PoolLayout.CRC_OFFSET);
        int computed = crc(h, version, false);
        if (stored != computed) {
            throw new InvalidPoolException(path, "header checksum mismatch (stored " + hex(stored & 0xFFFF_FFFFL)
                + ", computed " + hex(computed & 0xFFFF_FFFFL) + "): the header is corrupt");
        }
        int durability = version >= 3 ? h.get(INT, PoolLayout.DURABILITY_OFFSET) : 0;
        if (durability < 0 || durability >= RECORDED.length) {
            throw new InvalidPoolException(path, "durability code " + durability + " (expected: 0.." + (RECORDED.length - 1) + ")");
        }
        PoolHeader header = new PoolHeader(version, h.get(LONG, PoolLayout.FRAMES_OFFSET),
            h.get(LONG, PoolLayout.DATA_OFFSET_OFFSET), h.get(LONG, PoolLayout.DATA_BYTES_OFFSET),
            h.get(LONG, PoolLayout.CREATION_ID_OFFSET), RECORDED[durability]);
        String geometry = header.geometryProblem(h);
        if (geometry != null) {
            throw new InvalidPoolException(path, geometry);
        }
        if (length < header.fileLength()) {
            throw new InvalidPoolException(path, "truncated: " + length + " bytes, but its header describes "
                + header.fileLength() + " bytes");
        }
        if (length > header.fileLength()) {
            throw new InvalidPoolException(path, "file length " + length + " does not match the geometry in its header ("
                + header.fileLength() + " bytes)");
        }
        return header;
    }

    /** The first field that does not match this build's geometry or the frame count, or null. */
    private String geometryProblem(MemorySegment h) {
        if (frames <= 0 || frames > Geometry.MAX_FRAMES) {
            return "frame count " + frames + " out of range (1.." + Geometry.MAX_FRAMES + ")";
        }
        PoolHeader expected = new PoolHeader(version, frames, dataBytes != 0 ? PoolLayout.dataOffset(frames) : 0,
            dataBytes != 0 ? PoolLayout.dataBytes(frames) : 0, creationId, durability);
        MemorySegment e = MemorySegment.ofArray(new byte[PoolLayout.HEADER_BYTES]);
        expected.fields(e, true);
        String[] names = {"header bytes", "frame size", "tree frames", "child frames", "bitfield offset",
            "bitfield bytes", "child offset", "child bytes", "giant offset", "giant bytes", "data offset", "data bytes"};
        int[] offsets = {PoolLayout.HEADER_BYTES_OFFSET, PoolLayout.FRAME_SIZE_OFFSET, PoolLayout.TREE_FRAMES_OFFSET,
            PoolLayout.CHILD_FRAMES_OFFSET, PoolLayout.BITFIELD_OFFSET_OFFSET, PoolLayout.BITFIELD_BYTES_OFFSET,
            PoolLayout.CHILD_OFFSET_OFFSET, PoolLayout.CHILD_BYTES_OFFSET, PoolLayout.GIANT_OFFSET_OFFSET,
            PoolLayout.GIANT_BYTES_OFFSET, PoolLayout.DATA_OFFSET_OFFSET, PoolLayout.DATA_BYTES_OFFSET};
        for (int i = 0; i < names.length; i++) {
            boolean wide = offsets[i] != PoolLayout.HEADER_BYTES_OFFSET && offsets[i] != PoolLayout.TREE_FRAMES_OFFSET
                && offsets[i] != PoolLayout.CHILD_FRAMES_OFFSET;
            long found = wide ? h.get(LONG, offsets[i]) : h.get(INT, offsets[i]);
            long want = wide ? e.get(LONG, offsets[i]) : e.get(INT, offsets[i]);
            if (found != want) {
                return "geometry: " + names[i] + " is " + found + " (expected " + want + " for " + frames + " frames)";
            }
        }
        return null;
    }
}
