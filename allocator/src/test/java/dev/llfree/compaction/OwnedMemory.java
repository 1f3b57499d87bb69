package dev.llfree.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.core.upper.LLFreeAllocator;
import dev.llfree.core.words.ChildEntry;
import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * An allocator whose runs are owned through a {@link HandleTable}, with a content word per frame (the
 * run's tag) that the copier moves along, so a test can check that every run kept its frames and its
 * content. Handles double as tags: frame f of handle h holds {@code h + 1}.
 */
final class OwnedMemory implements AutoCloseable {
    final FrameAllocator allocator;
    final HandleTable table;
    final AtomicLongArray content;

    OwnedMemory(long frames, int cores) {
        this.allocator = LLFree.volatileFrames(frames).cores(cores).build();
        this.content = new AtomicLongArray(Math.toIntExact(frames));
        this.table = new HandleTable(allocator, Math.toIntExact(frames), this::copy);
    }

    /**
     * Fills all memory with runs of the given orders (a share of them FIXED), frees a random half and
     * churns {@code rounds} times a tenth of the rest, as LLFree's fragmentation benchmark does.
     */
    static OwnedMemory fragmented(long frames, long seed, int[] orders, double fixedShare, int rounds) {
        OwnedMemory m = new OwnedMemory(frames, 1);
        SplittableRandom random = new SplittableRandom(seed);
        int live = 0;
        while (live < m.table.capacity() && m.get(live, orders[random.nextInt(orders.length)], random.nextDouble() < fixedShare ? Kind.FIXED : Kind.MOVABLE)) {
            live++;
        }
        int[] handles = new int[live];
        for (int h = 0; h < live; h++) {
            handles[h] = h;
        }
        for (int i = live - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = handles[i];
            handles[i] = handles[j];
            handles[j] = t;
        }
        for (int i = 0; i < live / 2; i++) {
            m.table.put(0, handles[i]);
        }
        for (int round = 0; round < rounds; round++) {
            for (int op = 0; op < live / 20; op++) {
                int h = handles[live / 2 + random.nextInt(live - live / 2)];
                int order = m.table.runOrder(h);
                m.table.put(0, h);
                m.get(h, order, random.nextDouble() < fixedShare ? Kind.FIXED : Kind.MOVABLE);
            }
        }
        return m;
    }

    /** Gets a run into {@code handle} on core 0 and writes its tag; false if none was free. */
    boolean get(int handle, int order, Kind kind) {
        return get(0, handle, order, kind);
    }

    /**
     * Gets a run into {@code handle} with its tag written by the table's fill, before a concurrent
     * compaction can see the run: a tag written after the get could be copied half done, or land in
     * the frame a move has just freed (and another run has taken).
     */
    boolean get(int core, int handle, int order, Kind kind) {
        return table.get(core, handle, order, kind, frame -> {
            for (long f = frame; f < frame + (1L << order); f++) {
                content.set((int) f, handle + 1);
            }
        });
    }

    private void copy(long from, long to, int order) {
        for (int i = 0; i < 1 << order; i++) {
            content.set((int) (to + i), content.get((int) (from + i)));
        }
    }

    /** Frames of every live run, as a bitmap; fails on a run owned twice. */
    BitSet owned() {
        BitSet owned = new BitSet();
        for (int h = 0; h < table.capacity(); h++) {
            long frame = table.frame(h);
            if (frame == HandleTable.NONE) {
                continue;
            }
            int n = 1 << table.runOrder(h);
            assertTrue(owned.get((int) frame, (int) frame + n).isEmpty(), "frame " + frame + " of handle " + h + " owned twice");
            owned.set((int) frame, (int) frame + n);
        }
        return owned;
    }

    /**
     * The whole check after compaction: counters agree with the bitfields, no run is owned twice, every
     * run is allocated and holds its content, no other frame is allocated, and no child stays marked.
     */
    void check() {
        allocator.validate();
        BitSet owned = owned();
        for (int h = 0; h < table.capacity(); h++) {
            long frame = table.frame(h);
            if (frame == HandleTable.NONE) {
                continue;
            }
            int order = table.runOrder(h);
            assertFalse(allocator.isFree(frame, order), "run of handle " + h + " at " + frame + " is free");
            for (long f = frame; f < frame + (1L << order); f++) {
                assertEquals(h + 1, content.get((int) f), "content of frame " + f + " (handle " + h + ")");
            }
        }
        assertEquals(allocator.frames() - owned.cardinality(), allocator.freeFrames(), "free frames (a frame lost or leaked)");
        var lower = LLFreeAllocator.of(allocator).lower();
        for (long c = 0; c < lower.children(); c++) {
            assertFalse(ChildEntry.held(lower.childEntry(c)), "child " + c + " still held");
        }
    }

    @Override
    public void close() {
        allocator.close();
    }
}
