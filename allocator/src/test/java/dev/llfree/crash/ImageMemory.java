package dev.llfree.crash;

import dev.llfree.Durability;
import dev.llfree.core.persist.Memory;
import dev.llfree.core.persist.Persistence;
import java.lang.foreign.MemorySegment;

/** A crash image to recover: a segment the caller owns and reuses, written back nowhere. */
final class ImageMemory implements Memory {
    private final MemorySegment segment;

    ImageMemory(MemorySegment segment) {
        this.segment = segment;
    }

    @Override
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public Durability durability() {
        return Durability.VOLATILE;
    }

    @Override
    public Persistence persistence() {
        return Persistence.NONE; // nothing to make durable
    }

    @Override
    public void close() {
        // The caller owns the segment.
    }
}
