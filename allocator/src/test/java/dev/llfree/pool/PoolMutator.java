package dev.llfree.pool;

import dev.llfree.core.Geometry;
import dev.llfree.core.words.ChildEntry;
import dev.llfree.core.words.LowerLayout;
import dev.llfree.file.PoolHeader;
import dev.llfree.file.PoolLayout;
import dev.llfree.getto.Intent;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * Mutations of a valid pool file for fuzzing: bit flips in the header and in the metadata (with child
 * entries' flags, giant flag included, and the giant bits favoured), truncation, appended bytes, other format versions, single fixed fields
 * rewritten with a correct CRC, whole CRC-correct headers of another geometry (with the file resized to
 * match), and clean flags; or two or three of these at once.
 */
final class PoolMutator {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int[] LONG_FIELDS = {PoolLayout.FRAME_SIZE_OFFSET, PoolLayout.FRAMES_OFFSET,
        PoolLayout.BITFIELD_OFFSET_OFFSET, PoolLayout.BITFIELD_BYTES_OFFSET, PoolLayout.CHILD_OFFSET_OFFSET,
        PoolLayout.CHILD_BYTES_OFFSET, PoolLayout.GIANT_OFFSET_OFFSET, PoolLayout.GIANT_BYTES_OFFSET,
        PoolLayout.DATA_OFFSET_OFFSET, PoolLayout.DATA_BYTES_OFFSET,
        PoolLayout.CREATION_ID_OFFSET};
    private static final int[] INT_FIELDS = {PoolLayout.VERSION_OFFSET, PoolLayout.HEADER_BYTES_OFFSET,
        PoolLayout.TREE_FRAMES_OFFSET, PoolLayout.CHILD_FRAMES_OFFSET};
    private static final int KINDS = 10;

    /** A mutated file and what was done to it. */
    record Mutant(byte[] bytes, String description) { }

    private PoolMutator() { }

    /** A mutation of {@code pool} (which is not changed), chosen by {@code random}. */
    static Mutant mutate(byte[] pool, SplittableRandom random) {
        int kinds = random.nextInt(4) == 0 ? 2 + random.nextInt(2) : 1;
        byte[] bytes = pool.clone();
        StringBuilder description = new StringBuilder();
        for (int k = 0; k < kinds; k++) {
            description.append(k == 0 ? "" : "; ");
            bytes = mutateOnce(bytes, random, description);
        }
        return new Mutant(bytes, description.toString());
    }

    /** A bound get-to or put-from intent as a crash leaves it (a run of the pool, a root), or one flipped bit in it. */
    private static void intent(byte[] bytes, SplittableRandom random, long frames, StringBuilder description) {
        int slot = random.nextInt(PoolLayout.INTENTS);
        int order = random.nextInt(Geometry.MAX_ORDER + 1);
        long frame = random.nextLong(frames) & -(1L << order);
        MemorySegment h = header(bytes);
        h.set(LONG, PoolLayout.intentOffset(slot) + Long.BYTES, Intent.encode(dev.llfree.Destination.root(random.nextInt(PoolLayout.ROOTS))));
        h.set(LONG, PoolLayout.intentOffset(slot), Intent.bound(frame, order, random.nextBoolean()));
        description.append("intent slot ").append(slot).append(": run ").append(frame).append(" of order ").append(order);
        if (random.nextBoolean()) {
            flip(bytes, random, PoolLayout.intentOffset(slot), PoolLayout.intentOffset(slot) + 2 * Long.BYTES, "intent", description);
        }
    }

    private static byte[] mutateOnce(byte[] bytes, SplittableRandom random, StringBuilder description) {
        long frames = bytes.length >= PoolLayout.HEADER_BYTES ? header(bytes).get(LONG, PoolLayout.FRAMES_OFFSET) : 0;
        boolean sane = frames > 0 && frames <= Geometry.MAX_FRAMES && PoolLayout.metadataEnd(frames) <= bytes.length;
        switch (random.nextInt(KINDS)) {
            case 0 -> flip(bytes, random, 0, Math.min(bytes.length, PoolLayout.CRC_END), "fixed header field",
                description);
            case 1 -> flip(bytes, random, 0, Math.min(bytes.length, PoolLayout.HEADER_BYTES), "header", description);
            case 2 -> {
                if (!sane) {
                    return truncate(bytes, random, description);
                }
                flip(bytes, random, PoolLayout.bitfieldOffset(), PoolLayout.metadataEnd(frames), "metadata", description);
            }
            case 3 -> {
                if (!sane) {
                    return append(bytes, random, description);
                }
                if (LowerLayout.giantBytes(frames) > 0 && random.nextInt(3) == 0) {
                    flipGiantBits(bytes, random, frames, description);
                } else {
                    flipChildFlags(bytes, random, frames, description);
                }
            }
            case 4 -> {
                return truncate(bytes, random, description);
            }
            case 5 -> {
                return append(bytes, random, description);
            }
            case 6 -> version(bytes, random, description);
            case 7 -> rewriteField(bytes, random, description);
            case 9 -> {
                if (!sane) {
                    return truncate(bytes, random, description);
                }
                intent(bytes, random, frames, description);
            }
            default -> {
                if (random.nextBoolean()) {
                    return reheader(bytes, random, description);
                }
                cleanFlag(bytes, random, description);
            }
        }
        return bytes;
    }

    private static void flip(byte[] bytes, SplittableRandom random, long from, long to, String where,
                             StringBuilder description) {
        if (to <= from) {
            description.append("no ").append(where).append(" to flip");
            return;
        }
        int flips = 1 + random.nextInt(4);
        description.append(where).append(" bit flips at");
        for (int i = 0; i < flips; i++) {
            long bit = random.nextLong(from * 8, to * 8);
            bytes[(int) (bit >>> 3)] ^= (byte) (1 << (bit & 7));
            description.append(' ').append(bit >>> 3).append('.').append(bit & 7);
        }
    }

    /** Flips the huge, pair or spare flags, or a free-count bit, of random child entries. */
    private static void flipChildFlags(byte[] bytes, SplittableRandom random, long frames, StringBuilder description) {
        long children = Geometry.children(frames);
        int flips = 1 + random.nextInt(3);
        description.append("child entry flips:");
        for (int i = 0; i < flips; i++) {
            long child = random.nextLong(children);
            int bit = random.nextBoolean() ? ChildEntry.HUGE_SHIFT + random.nextInt(ChildEntry.BITS - ChildEntry.HUGE_SHIFT)
                : random.nextInt(ChildEntry.FREE_BITS);
            long bitInFile = (PoolLayout.childOffset(frames) + child / ChildEntry.PER_LONG * Long.BYTES) * 8
                + child % ChildEntry.PER_LONG * ChildEntry.BITS + bit;
            bytes[(int) (bitInFile >>> 3)] ^= (byte) (1 << (bitInFile & 7));
            description.append(" child ").append(child).append(" bit ").append(bit);
        }
    }

    /** Flips bits of the giant area: mostly of the whole regions, sometimes past them (stray bits). */
    private static void flipGiantBits(byte[] bytes, SplittableRandom random, long frames, StringBuilder description) {
        long regions = Geometry.giants(frames);
        int flips = 1 + random.nextInt(2);
        description.append("giant bit flips:");
        for (int i = 0; i < flips; i++) {
            long bit = random.nextInt(4) == 0 ? random.nextLong(LowerLayout.giantBytes(frames) * 8) : random.nextLong(regions);
            long bitInFile = PoolLayout.giantOffset(frames) * 8 + bit;
            bytes[(int) (bitInFile >>> 3)] ^= (byte) (1 << (bitInFile & 7));
            description.append(" region ").append(bit);
        }
    }

    private static byte[] truncate(byte[] bytes, SplittableRandom random, StringBuilder description) {
        int length = random.nextBoolean() ? random.nextInt(PoolLayout.HEADER_BYTES + 1) : random.nextInt(bytes.length + 1);
        description.append("truncated to ").append(length).append(" of ").append(bytes.length);
        return Arrays.copyOf(bytes, length);
    }

    private static byte[] append(byte[] bytes, SplittableRandom random, StringBuilder description) {
        int extra = 1 + random.nextInt(2 * PoolLayout.HEADER_BYTES);
        byte[] longer = Arrays.copyOf(bytes, bytes.length + extra);
        boolean noise = random.nextBoolean();
        if (noise) {
            for (int i = bytes.length; i < longer.length; i++) {
                longer[i] = (byte) random.nextInt();
            }
        }
        description.append("appended ").append(extra).append(noise ? " random" : " zero").append(" bytes");
        return longer;
    }

    private static void version(byte[] bytes, SplittableRandom random, StringBuilder description) {
        if (bytes.length < PoolLayout.HEADER_BYTES) {
            description.append("no version to change");
            return;
        }
        int[] versions = {0, PoolLayout.MIN_VERSION - 1, PoolLayout.VERSION + 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE,
            random.nextInt()};
        int version = versions[random.nextInt(versions.length)];
        header(bytes).set(INT, PoolLayout.VERSION_OFFSET, version);
        boolean crc = random.nextBoolean();
        if (crc) {
            fixCrc(bytes);
        }
        description.append("version ").append(version).append(crc ? " (CRC fixed)" : "");
    }

    /** One fixed field set to a near or random value, the CRC then made to match. */
    private static void rewriteField(byte[] bytes, SplittableRandom random, StringBuilder description) {
        if (bytes.length < PoolLayout.HEADER_BYTES) {
            description.append("no field to rewrite");
            return;
        }
        MemorySegment h = header(bytes);
        boolean wide = random.nextInt(LONG_FIELDS.length + INT_FIELDS.length) < LONG_FIELDS.length;
        int offset = wide ? LONG_FIELDS[random.nextInt(LONG_FIELDS.length)] : INT_FIELDS[random.nextInt(INT_FIELDS.length)];
        long old = wide ? h.get(LONG, offset) : h.get(INT, offset);
        long[] candidates = {old + 1, old - 1, old * 2, old / 2, 0, -1, random.nextLong(), old + Geometry.CHILD_FRAMES,
            old ^ 1L << random.nextInt(wide ? 64 : 32)};
        long value = candidates[random.nextInt(candidates.length)];
        if (wide) {
            h.set(LONG, offset, value);
        } else {
            h.set(INT, offset, (int) value);
        }
        fixCrc(bytes);
        description.append("field at ").append(offset).append(": ").append(old).append(" -> ").append(value)
            .append(" (CRC fixed)");
    }

    /** A complete, CRC-correct header of another frame count (and maybe data area), the file resized to match. */
    private static byte[] reheader(byte[] bytes, SplittableRandom random, StringBuilder description) {
        boolean data = random.nextInt(4) == 0;
        long frames = 1 + random.nextLong(data ? 2 * Geometry.CHILD_FRAMES : 2 * Geometry.TREE_FRAMES);
        PoolHeader header = PoolHeader.forNew(frames, data, random.nextLong(), dev.llfree.Durability.MAPPED);
        byte[] resized = Arrays.copyOf(bytes, (int) header.fileLength());
        MemorySegment file = MemorySegment.ofArray(resized);
        header.writeWithoutMagic(file);
        PoolHeader.publish(file);
        description.append("header rewritten for ").append(frames).append(" frames").append(data ? " with data" : "")
            .append(", file resized to ").append(resized.length);
        return resized;
    }

    private static void cleanFlag(byte[] bytes, SplittableRandom random, StringBuilder description) {
        if (bytes.length < PoolLayout.HEADER_BYTES) {
            description.append("no clean flag");
            return;
        }
        long[] values = {0, PoolLayout.CLEAN, 2, -1, random.nextLong()};
        long value = values[random.nextInt(values.length)];
        header(bytes).set(LONG, PoolLayout.CLEAN_OFFSET, value);
        description.append("clean flag ").append(value);
    }

    private static MemorySegment header(byte[] bytes) {
        return MemorySegment.ofArray(bytes).asSlice(0, PoolLayout.HEADER_BYTES);
    }

    private static void fixCrc(byte[] bytes) {
        CRC32C crc = new CRC32C(); // the version-3 rule: the header's first 128 bytes but the CRC itself
        crc.update(bytes, 0, PoolLayout.CRC_OFFSET);
        crc.update(bytes, PoolLayout.CRC_OFFSET + Integer.BYTES, PoolLayout.CRC_END - PoolLayout.CRC_OFFSET - Integer.BYTES);
        header(bytes).set(INT, PoolLayout.CRC_OFFSET, (int) crc.getValue());
    }
}
