package dev.llfree.file;

import dev.llfree.Destination;
import dev.llfree.core.Atomics;
import dev.llfree.core.persist.Memory;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.persist.Persistence;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The persistent {@code long}s a pool user points into: the root slots of the header and
 * {@link Destination destinations} in the data area. Stores are CASes made durable before they return:
 * flush + drain of the line for {@link dev.llfree.Durability#PMEM}, nothing for {@link dev.llfree.Durability#EADR} (the cache is
 * persistent), and for {@link dev.llfree.Durability#MAPPED} as for the rest of the metadata: at {@code sync()} or close.
 *
 * <p>Values are frame numbers or any other {@code long}; frame numbers are position-independent
 * references (the pool may be mapped anywhere). {@code NO_FRAME} (-1) is "empty"; a new pool's roots are empty.
 */
public final class Roots {
    private static final VarHandle LONG = Atomics.SEGMENT_LONG;

    private final Persistence persistence;
    private final MemorySegment segment;
    private final long dataOffset;
    private final long dataBytes;

    /**
     * @param dataOffset offset of the data area in {@code memory}
     * @param dataBytes  its length, 0 if the pool has none
     */
    public Roots(Memory memory, long dataOffset, long dataBytes) {
        this.persistence = memory.persistence();
        this.segment = memory.segment();
        this.dataOffset = dataOffset;
        this.dataBytes = dataBytes;
    }

    /**
     * The offset of {@code d} in the memory.
     *
     * @throws IllegalArgumentException if a data destination lies outside the data area, or there is none
     */
    public long offset(Destination d) {
        if (d.root()) {
            return PoolLayout.ROOTS_OFFSET + d.position() * Long.BYTES;
        }
        if (dataBytes == 0) {
            throw new IllegalArgumentException("destination: " + d + ", but the pool has no data area");
        }
        if (d.position() > dataBytes - Long.BYTES) {
            throw new IllegalArgumentException("destination: " + d + " (expected: < " + dataBytes
                + ", inside the data area)");
        }
        return dataOffset + d.position();
    }

    public long get(Destination d) {
        return (long) LONG.getAcquire(segment, offset(d));
    }

    /** CAS, then (if it succeeded) made durable: a user's root slot. */
    public boolean compareAndSet(Destination d, long expected, long value) {
        return compareAndSet(d, expected, value, PersistSite.ROOT);
    }

    /** CAS, then (if it succeeded) made durable at {@code site}. */
    public boolean compareAndSet(Destination d, long expected, long value, PersistSite site) {
        long off = offset(d);
        if (!LONG.compareAndSet(segment, off, expected, value)) { // LP(set destination)
            return false;
        }
        persistence.persist(site, off); // PERSIST: the destination's line; a crash before the drain may keep the old value
        return true;
    }

    /** Stores {@code value} and makes it durable. */
    public void set(Destination d, long value) {
        long off = offset(d);
        LONG.setVolatile(segment, off, value); // LP(set root)
        persistence.persist(PersistSite.ROOT, off); // PERSIST: as compareAndSet
    }
}
