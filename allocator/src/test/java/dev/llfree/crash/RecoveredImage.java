package dev.llfree.crash;

import static dev.llfree.core.Checks.hex;

import dev.llfree.core.Geometry;
import dev.llfree.core.lower.Lower;
import dev.llfree.core.upper.LLFreeAllocator;
import dev.llfree.recovery.Recovery;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Recovers a crash image as opening a crashed pool does ({@link Recovery#rebuild}, then
 * {@link LLFreeAllocator#open}) and checks it against the operation log ({@link Ownership}):
 * <ol>
 *   <li>recovery accepts the image and {@code validate()} holds afterwards;</li>
 *   <li>every frame of a get that returned (and whose put has not begun) is allocated;</li>
 *   <li>the allocated frames that are neither owned nor being put are at most the frames the gets in
 *       flight may take (the leak bound): so a frame whose put returned is free, unless a get in flight
 *       took it again.</li>
 * </ol>
 * One instance reuses its image buffer; not thread-safe.
 */
final class RecoveredImage {
    private final long frames;
    private final int cores;
    private final MemorySegment image;
    private final ImageMemory memory;
    private final long[] allocated;

    RecoveredImage(Arena arena, long bytes, long frames, int cores) {
        this.frames = frames;
        this.cores = cores;
        this.image = arena.allocate(bytes, SimulatedPmem.LINE);
        this.memory = new ImageMemory(image);
        this.allocated = new long[(int) ((frames + 63) >>> 6)];
    }

    /** The buffer to write the next image to. */
    MemorySegment image() {
        return image;
    }

    /** Recovers the image in the buffer and checks it: null if every property holds, else the first violation. */
    String check(Ownership own) {
        Lower lower = new Lower(memory, 0, frames);
        try {
            Recovery.rebuild(lower, false);
            LLFreeAllocator.open(memory, lower, cores).validate();
        } catch (IOException | RuntimeException e) {
            return "recovery failed: " + e;
        }
        readAllocated(lower);
        long[] owned = own.owned();
        long[] putting = own.putting();
        long extra = 0;
        for (int w = 0; w < allocated.length; w++) {
            long lost = owned[w] & ~allocated[w];
            if (lost != 0) {
                return "frame " + hex(w * 64L + Long.numberOfTrailingZeros(lost))
                    + " was returned by a get (and not put) but is free after recovery";
            }
            extra += Long.bitCount(allocated[w] & ~owned[w] & ~putting[w]);
        }
        if (extra > own.gettingFrames()) {
            return extra + " frames allocated that no returned get owns and no put in flight frees; the gets in flight"
                + " may take only " + own.gettingFrames() + " (a returned put was lost, or a leak beyond the bound)";
        }
        return null;
    }

    /** The recovered allocation bitmap: row bits, or all 512 bits of a huge child or a child of a giant frame. */
    private void readAllocated(Lower lower) {
        for (int w = 0; w < allocated.length; w++) {
            long child = w / Geometry.ROW_WORDS;
            allocated[w] = lower.allocatedWhole(child) ? -1L : lower.word(w);
        }
        if (frames % 64 != 0) {
            allocated[allocated.length - 1] &= (1L << frames) - 1;
        }
    }
}
