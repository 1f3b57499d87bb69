package dev.llfree.core.persist;

import dev.llfree.Durability;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;

/**
 * An ordinary file mapped with {@link FileChannel#map}: stores survive a process crash through the
 * page cache; power loss only after {@link #sync} ({@code msync}). Nothing is flushed per operation.
 */
public final class MappedMemory implements Memory {
    private final Arena arena;
    private final MemorySegment segment;
    private final Persistence persistence = Persistence.atSync(this::force);

    private MappedMemory(Arena arena, MemorySegment segment) {
        this.arena = arena;
        this.segment = segment;
    }

    /** Maps {@code length} bytes of the open channel's file, read-write and shared. */
    public static MappedMemory map(FileChannel channel, long length) throws IOException {
        return map(channel, FileChannel.MapMode.READ_WRITE, length);
    }

    /**
     * Maps {@code length} bytes of the open channel's file read-only: a store to the segment throws,
     * so nothing can change the file (for inspection). The channel needs only READ.
     */
    public static MappedMemory mapReadOnly(FileChannel channel, long length) throws IOException {
        return map(channel, FileChannel.MapMode.READ_ONLY, length);
    }

    private static MappedMemory map(FileChannel channel, FileChannel.MapMode mode, long length) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            return new MappedMemory(arena, channel.map(mode, 0, length, arena));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public Durability durability() {
        return Durability.MAPPED;
    }

    @Override
    public Persistence persistence() {
        return persistence; // nothing per operation: the page cache survives a process crash
    }

    /** {@code msync} of the range. */
    private void force(PersistSite site, long offset, long length) {
        segment.asSlice(offset, length).force();
    }

    @Override
    public void close() {
        arena.close();
    }
}
