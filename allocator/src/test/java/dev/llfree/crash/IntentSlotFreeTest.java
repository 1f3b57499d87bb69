package dev.llfree.crash;

import static dev.llfree.core.Checks.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Destination;
import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.core.Geometry;
import dev.llfree.core.upper.LLFreeAllocator;
import dev.llfree.core.words.LowerLayout;
import dev.llfree.file.PoolLayout;
import dev.llfree.file.Roots;
import dev.llfree.getto.GetTo;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every crash image of a get-to's last step, the free of its intent slot, recovers with the run in the get-to's
 * destination only. The slot's state and destination words share a line, which the CPU may write back between any
 * two stores to it. A free that clears the destination word before the state word ({@code IntentSlots.free} as this
 * test was written) leaves in between a bound intent whose destination word reads as {@code data(0)}; with that line
 * on the media, recovery resolves the intent against {@code data(0)} instead of the get-to's destination: with
 * {@code data(0)} empty it writes the run there too (two owners), with another run there it frees the run the
 * destination still holds, and a pool without a data area, where {@code data(0)} is out of range, it refuses as
 * corrupt. The crash images are taken at the slot line's flushes, so the free's are among them.
 */
class IntentSlotFreeTest {
    private static final long FRAMES = Geometry.TREE_FRAMES;
    private static final long LOWER = PoolLayout.HEADER_BYTES;
    private static final long DATA = LOWER + LowerLayout.bytes(FRAMES) + SimulatedPmem.LINE & -SimulatedPmem.LINE;
    private static final long DATA_BYTES = SimulatedPmem.LINE;
    private static final Destination D = Destination.root(1);
    private static final Destination DATA_ZERO = Destination.data(0);

    @Test
    void shouldRecoverEveryImageOfTheSlotFreeWithTheRunInItsDestinationOnly() throws InterruptedException {
        List<String> violations = new ArrayList<>();
        long[] images = {0};
        try (Arena arena = Arena.ofConfined(); SimulatedPmem memory = new SimulatedPmem(DATA + DATA_BYTES)) {
            MemorySegment image = arena.allocate(memory.bytes(), SimulatedPmem.LINE);
            memory.segment().asSlice(PoolLayout.ROOTS_OFFSET, PoolLayout.ROOTS * Long.BYTES).fill((byte) 0xFF);
            memory.segment().asSlice(DATA, DATA_BYTES).fill((byte) 0xFF);
            LLFreeAllocator allocator = LLFreeAllocator.create(memory, LOWER, FRAMES, 1);
            GetTo getTo = new GetTo(memory, allocator, new Roots(memory, DATA, DATA_BYTES));
            memory.persistAll();
            String slotFlush = "flush " + PoolLayout.intentOffset(0) + "+";
            memory.listener(event -> {
                if (event.startsWith(slotFlush)) {
                    CrashPoint point = memory.capture();
                    images[0] += point.forEachImage(Long.MAX_VALUE, 0, new SplittableRandom(0), choice -> {
                        memory.materialise(point, choice, image);
                        String violation = check(image);
                        if (violation != null) {
                            violations.add(violation);
                        }
                    });
                }
            });
            long frame = getTo.getTo(0, D, 0, Kind.MOVABLE);
            assertTrue(frame >= 0);
        }
        assertTrue(images[0] > 0, "no crash image at the slot's flushes");
        assertEquals(List.of(), violations, violations.size() + " of " + images[0] + " crash images violate");
    }

    /** Null if only the get-to's destination may hold a frame after recovery, and the frame it holds is allocated. */
    private static String check(MemorySegment image) {
        RecoveredPool recovered;
        try {
            recovered = RecoveredPool.recover(image, LOWER, FRAMES, DATA, DATA_BYTES);
        } catch (IOException | RuntimeException e) {
            return "recovery failed: " + e;
        }
        long other = recovered.roots().get(DATA_ZERO);
        if (other != FrameAllocator.NO_FRAME) {
            return DATA_ZERO + ", which no get-to used, holds " + hex(other) + " after recovery";
        }
        long held = recovered.roots().get(D);
        if (held != FrameAllocator.NO_FRAME && !recovered.lower().isAllocated(held, 0)) {
            return D + " holds " + hex(held) + ", which is free after recovery";
        }
        return null;
    }
}
