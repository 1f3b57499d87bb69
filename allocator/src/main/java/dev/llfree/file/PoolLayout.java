package dev.llfree.file;

import dev.llfree.FrameAllocator;
import dev.llfree.core.words.LowerLayout;

/**
 * The pool file. All integers little-endian; every area aligned.
 *
 * <pre>
 *   0 ┌──────────────────────────────── header (4 KiB) ─────────────────────────────────┐
 *     │   0 magic "LLFREEP1" (8)      8 version (4)        12 header bytes (4)          │
 *     │  16 frame size (8)           24 frames (8)         32 tree frames (4)           │
 *     │  36 child frames (4)         40 bitfield offset (8) 48 bitfield bytes (8)       │
 *     │  56 child offset (8)         64 child bytes (8)     72 giant offset (8)         │
 *     │  80 giant bytes (8)          88 data offset (8)     96 data bytes (8)           │
 *     │ 104 creation id (8)         112 CRC32C of the header's first 128 bytes but itself (4)│
 *     │ 116 durability (4)          120 zero (8)                                        │
 *     │ 128 clean flag (8), 136 CRC32C of bitfields, child entries and giant bits at the │
 *     │     clean close                                                                 │
 *     │ 512 root slots: 64 × 8 bytes (CAS + persist; not in the CRC; NO_FRAME = empty)    │
 *     │1024 get-to intent slots: 32 × 64 bytes, one line each (see {@link dev.llfree.getto.Intent})        │
 *4096 ├──────────── bitfields: one 64-byte row per 2 MiB child ─────────────────────────┤
 *     ├──────────── child entries: one 64-byte line per tree ────────────────────────────┤
 *     ├──────────── giant bits: one per whole 1 GiB region, 64-byte lines (0 below 1 GiB) ┤
 *     ├──────────── (optional) data area, 2 MiB aligned: frame f at data offset + f×4 KiB ┤
 *     └─────────────────────────────────────────────────────────────────────────────────┘
 * </pre>
 *
 * The fixed fields (0..127 but the CRC) are written once at create and covered by the CRC; magic is published
 * last. Version 3 records the durability chosen at create and covers every byte up to the clean flag (version 2's
 * CRC covered bytes 0..111 only, and its durability field is zero: version 2 files are read as such). Version 2
 * added the giant area (and its two header fields); version 1 files are refused.
 */
public final class PoolLayout {
    public static final long MAGIC = 0x3150_4545_5246_4C4CL; // "LLFREEP1" read little-endian
    public static final int VERSION = 3;
    /** The oldest version this build reads: version 1 has no giant area, so its fields lie elsewhere. */
    public static final int MIN_VERSION = 2;
    public static final int HEADER_BYTES = 4096;
    public static final long DATA_ALIGNMENT = 2L << 20;
    public static final int ROOTS = 64;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET;
    public static final int HEADER_BYTES_OFFSET;
    public static final int FRAME_SIZE_OFFSET;
    public static final int FRAMES_OFFSET;
    public static final int TREE_FRAMES_OFFSET;
    public static final int CHILD_FRAMES_OFFSET;
    public static final int BITFIELD_OFFSET_OFFSET;
    public static final int BITFIELD_BYTES_OFFSET;
    public static final int CHILD_OFFSET_OFFSET;
    public static final int CHILD_BYTES_OFFSET;
    public static final int GIANT_OFFSET_OFFSET;
    public static final int GIANT_BYTES_OFFSET;
    public static final int DATA_OFFSET_OFFSET;
    public static final int DATA_BYTES_OFFSET;
    public static final int CREATION_ID_OFFSET;
    public static final int CRC_OFFSET;
    /** The durability chosen at create ({@code 0}: not recorded, a version-2 file). */
    public static final int DURABILITY_OFFSET;
    /** The end of the bytes the header CRC covers (from version 3). */
    public static final int CRC_END;
    public static final int CLEAN_OFFSET = 128;
    /** The clean flag's value after a clean close; any other value means the pool is (or was, at a crash) open. */
    public static final long CLEAN = 1;
    /** CRC32C of the lower allocator's areas, written at a clean close before the clean flag (same line). */
    public static final int METADATA_CRC_OFFSET = CLEAN_OFFSET + Long.BYTES;
    public static final int ROOTS_OFFSET = 512;
    /** In-flight get-to / put-from intents, one per 64-byte line: {@link dev.llfree.getto.Intent}. Zero when none is in flight. */
    public static final int INTENTS = 32;
    public static final int INTENT_BYTES = 64;
    public static final int INTENTS_OFFSET = ROOTS_OFFSET + ROOTS * Long.BYTES;

    static {
        int offset = MAGIC_OFFSET + Long.BYTES;
        VERSION_OFFSET = offset;
        offset += Integer.BYTES;
        HEADER_BYTES_OFFSET = offset;
        offset += Integer.BYTES;
        FRAME_SIZE_OFFSET = offset;
        offset += Long.BYTES;
        FRAMES_OFFSET = offset;
        offset += Long.BYTES;
        TREE_FRAMES_OFFSET = offset;
        offset += Integer.BYTES;
        CHILD_FRAMES_OFFSET = offset;
        offset += Integer.BYTES;
        BITFIELD_OFFSET_OFFSET = offset;
        offset += Long.BYTES;
        BITFIELD_BYTES_OFFSET = offset;
        offset += Long.BYTES;
        CHILD_OFFSET_OFFSET = offset;
        offset += Long.BYTES;
        CHILD_BYTES_OFFSET = offset;
        offset += Long.BYTES;
        GIANT_OFFSET_OFFSET = offset;
        offset += Long.BYTES;
        GIANT_BYTES_OFFSET = offset;
        offset += Long.BYTES;
        DATA_OFFSET_OFFSET = offset;
        offset += Long.BYTES;
        DATA_BYTES_OFFSET = offset;
        offset += Long.BYTES;
        CREATION_ID_OFFSET = offset;
        offset += Long.BYTES;
        CRC_OFFSET = offset;
        offset += Integer.BYTES;
        DURABILITY_OFFSET = offset;
        CRC_END = CLEAN_OFFSET;
        if (DURABILITY_OFFSET + Integer.BYTES > CLEAN_OFFSET || INTENTS_OFFSET + INTENTS * INTENT_BYTES > HEADER_BYTES) {
            throw new AssertionError("header fields overlap");
        }
    }

    private PoolLayout() { }

    /** Offset of intent slot {@code i}'s state word (its destination word follows). */
    public static long intentOffset(int i) {
        return INTENTS_OFFSET + (long) i * INTENT_BYTES;
    }

    /** Where the lower allocator starts: right after the header. */
    public static long bitfieldOffset() {
        return HEADER_BYTES;
    }

    public static long childOffset(long frames) {
        return LowerLayout.childOffset(bitfieldOffset(), frames);
    }

    public static long giantOffset(long frames) {
        return LowerLayout.giantOffset(bitfieldOffset(), frames);
    }

    public static long metadataEnd(long frames) {
        return bitfieldOffset() + LowerLayout.bytes(frames);
    }

    public static long dataOffset(long frames) {
        return (metadataEnd(frames) + DATA_ALIGNMENT - 1) & -DATA_ALIGNMENT;
    }

    public static long dataBytes(long frames) {
        return frames * FrameAllocator.FRAME_SIZE;
    }

    /** The file length of a pool of {@code frames} frames, with or without a data area. */
    public static long fileLength(long frames, boolean data) {
        return data ? dataOffset(frames) + dataBytes(frames) : metadataEnd(frames);
    }
}
