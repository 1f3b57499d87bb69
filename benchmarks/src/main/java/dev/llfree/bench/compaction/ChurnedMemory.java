package dev.llfree.bench.compaction;

import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.compaction.HandleTable;
import java.util.SplittableRandom;

/**
 * Memory fragmented by LLFree's fragmentation workload (llfree-rs {@code bench frag}): get 4 KiB frames
 * until memory is full, put a random half, then churn: each round puts a random tenth of the frames
 * still held and gets as many new ones. {@code pinnedPercent}% of the gets are of kind {@code FIXED},
 * and the table refuses to move those. Deterministic: one thread takes turns over {@code cores}
 * reservation slots, so the same seed gives the same snapshot for every strategy.
 */
final class ChurnedMemory implements AutoCloseable {
    private final FrameAllocator allocator;
    private final HandleTable table;

    private ChurnedMemory(FrameAllocator allocator, HandleTable table) {
        this.allocator = allocator;
        this.table = table;
    }

    static ChurnedMemory churn(long frames, int cores, int rounds, int pinnedPercent, long seed) {
        FrameAllocator allocator = LLFree.volatileFrames(frames).cores(cores).build();
        HandleTable table = new HandleTable(allocator, Math.toIntExact(frames), (from, to, order) -> { });
        SplittableRandom random = new SplittableRandom(seed);
        int live = 0;
        while (live < table.capacity() && table.get(live % cores, live, 0, kind(random, pinnedPercent))) {
            live++;
        }
        int[] handles = shuffled(live, random);
        int freed = live / 2;
        for (int i = 0; i < freed; i++) {
            table.put(i % cores, handles[i]);
        }
        int held = live - freed;
        for (int round = 0; round < rounds; round++) {
            for (int op = 0; op < held / 10; op++) {
                int h = handles[freed + random.nextInt(held)];
                table.put(op % cores, h);
                if (!table.get(op % cores, h, 0, kind(random, pinnedPercent))) {
                    throw new IllegalStateException("churn: no free frame after a put");
                }
            }
        }
        return new ChurnedMemory(allocator, table);
    }

    private static Kind kind(SplittableRandom random, int pinnedPercent) {
        return random.nextInt(100) < pinnedPercent ? Kind.FIXED : Kind.MOVABLE;
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    FrameAllocator allocator() {
        return allocator;
    }

    HandleTable table() {
        return table;
    }

    @Override
    public void close() {
        allocator.close();
    }
}
