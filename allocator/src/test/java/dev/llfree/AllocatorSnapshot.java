package dev.llfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.function.Consumer;

/**
 * Everything observable about an allocator's state, for "nothing changed" assertions: the stats
 * (per tree and kind) and which frames are free.
 */
record AllocatorSnapshot(Stats stats, long freeFrames, BitSet free) {

    static AllocatorSnapshot of(FrameAllocator allocator) {
        BitSet free = new BitSet();
        for (long f = 0; f < allocator.frames(); f++) {
            if (allocator.isFree(f, 0)) {
                free.set((int) f);
            }
        }
        return new AllocatorSnapshot(allocator.stats(), allocator.freeFrames(), free);
    }

    /** {@code call} throws {@code type} with {@code messagePart} in its message, and leaves {@code allocator} as it was. */
    static <T extends Throwable> void assertRejected(FrameAllocator allocator, Class<T> type, String messagePart,
                                                     Consumer<FrameAllocator> call) {
        AllocatorSnapshot before = of(allocator);
        T thrown = assertThrows(type, () -> call.accept(allocator));
        assertTrue(thrown.getMessage().contains(messagePart), "message '" + thrown.getMessage() + "' lacks '" + messagePart + "'");
        assertEquals(before, of(allocator), "state changed by a rejected call");
        allocator.validate();
    }
}
