package dev.llfree;

/**
 * The shape of an allocator's free space ({@link FrameAllocator#freeSpace()}): the free blocks a buddy
 * allocator's free lists would hold (as {@code /proc/buddyinfo} shows them), the Linux fragmentation indices
 * computed from them, and the longest run of consecutive free frames.
 *
 * <p><b>Free blocks.</b> The free frames are decomposed into maximal naturally aligned free blocks,
 * as Linux's {@code free_area[order].nr_free} counts them: a free aligned run of order k is a block
 * unless its aligned parent run of order k+1 is free too. With {@code runs[k]} the number of free
 * aligned runs of order k (every one, nested or not), {@code blocks[k] = runs[k] - 2 runs[k+1]} and
 * {@code blocks[10] = runs[10]}. LLFree reads them from its bitfields and huge flags.
 *
 * <p><b>Indices</b> (Linux {@code mm/vmstat.c}, in thousandths as there, so {@code 250} is printed
 * {@code 0.250}), with {@code free} the free frames, {@code total} the free blocks and
 * {@code suitable} the free aligned runs of order k ({@link #runs}):
 * <ul>
 *   <li>unusable free index ({@code unusable_free_index}, debugfs {@code extfrag/unusable_index}): the
 *       share of free frames that lie in blocks too small for order k,
 *       {@code (free - suitable * 2^k) * 1000 / free}; 1000 when nothing is free;</li>
 *   <li>fragmentation index ({@code __fragmentation_index}, debugfs {@code extfrag/extfrag_index}):
 *       -1000 when an order-k block exists; else towards 0 when an order-k get fails for lack of
 *       memory and towards 1000 when it fails for fragmentation,
 *       {@code 1000 - (1000 + free * 1000 / 2^k) / total}; 0 when nothing is free.</li>
 * </ul>
 *
 * <p>Thread safety: immutable. An allocator's snapshot is exact only while no get or put is in flight.
 */
public final class FreeSpace {
    /** Thousandths, as Linux reports its indices. */
    public static final int SCALE = 1000;

    /** The largest order the indices take: a request of {@code 2^order} frames still fits a {@code long}. */
    public static final int MAX_REQUEST_ORDER = Long.SIZE - 2;

    private final long[] blocks;
    private final long largestRun;

    private FreeSpace(long[] blocks, long largestRun) {
        this.blocks = blocks;
        this.largestRun = largestRun;
    }

    /**
     * The free space of maximal free blocks {@code blocks[k]} of order {@code k} (0..{@link FrameAllocator#MAX_ORDER};
     * the array is copied) and a longest run of {@code largestRun} consecutive free frames.
     *
     * @param blocks     {@code blocks[k]} is the number of maximal free blocks of order {@code k}, one count per order
     *                   {@code 0..MAX_ORDER}, each {@code >= 0}
     * @param largestRun the longest run of consecutive free frames, {@code >= 0}
     * @return the free space, with a copy of {@code blocks}
     * @throws IllegalArgumentException if the array does not have one count per order, or a count is negative
     */
    public static FreeSpace of(long[] blocks, long largestRun) {
        if (blocks.length != FrameAllocator.MAX_ORDER + 1 || largestRun < 0) {
            throw new IllegalArgumentException("free blocks: " + blocks.length + " orders, largest run " + largestRun
                + " (expected: " + (FrameAllocator.MAX_ORDER + 1) + " orders and a run >= 0)");
        }
        for (long count : blocks) {
            if (count < 0) {
                throw new IllegalArgumentException("free blocks: a negative count " + count);
            }
        }
        return new FreeSpace(blocks.clone(), largestRun);
    }

    /**
     * Maximal free blocks of order {@code order} (0..10), as a buddy allocator's free list holds them.
     *
     * @param order the block order, {@code 0..MAX_ORDER}
     * @return the number of blocks of exactly {@code 2^order} frames, {@code >= 0}
     * @throws IllegalArgumentException if {@code order} is not in {@code 0..MAX_ORDER}
     */
    public long blocks(int order) {
        checkOrder(order, FrameAllocator.MAX_ORDER);
        return blocks[order];
    }

    /**
     * Free frames: the sum of every block's frames.
     *
     * @return the free frames, {@code >= 0}
     */
    public long freeFrames() {
        long free = 0;
        for (int k = 0; k < blocks.length; k++) {
            free += blocks[k] << k;
        }
        return free;
    }

    /**
     * The longest run of consecutive free frames, aligned or not (0 when nothing is free).
     *
     * @return the run's length in frames, {@code >= 0}
     */
    public long largestRun() {
        return largestRun;
    }

    /**
     * The largest order with a free block, or -1 when nothing is free.
     *
     * @return {@code 0..MAX_ORDER}, or -1 when nothing is free
     */
    public int largestOrder() {
        for (int k = blocks.length - 1; k >= 0; k--) {
            if (blocks[k] > 0) {
                return k;
            }
        }
        return -1;
    }

    /**
     * How many runs of {@code 2^order} frames the free space holds: its blocks of order {@code order} or more,
     * each counted as the aligned runs it splits into. Gets of that order on an allocator nobody else uses succeed
     * exactly this many times (LLFree reports no false out-of-memory).
     *
     * @param order the order of the runs, {@code 0..MAX_REQUEST_ORDER} (a larger one than any block gives 0)
     * @return the number of free aligned runs of the order, {@code >= 0}
     * @throws IllegalArgumentException if {@code order} is not in {@code 0..MAX_REQUEST_ORDER}
     */
    public long runs(int order) {
        checkOrder(order, MAX_REQUEST_ORDER);
        long runs = 0;
        for (int k = order; k < blocks.length; k++) {
            runs += blocks[k] << (k - order);
        }
        return runs;
    }

    /**
     * Linux's unusable free index for {@code order}, in thousandths (0 = none unusable .. 1000 = all).
     *
     * @param order the order of the request, {@code 0..MAX_ORDER} (a larger one has no block, so gives 1000)
     * @return the index, {@code 0..1000}; 1000 when nothing is free
     * @throws IllegalArgumentException if {@code order} is not in {@code 0..MAX_REQUEST_ORDER}
     */
    public int unusableFreeIndex(int order) {
        checkOrder(order, MAX_REQUEST_ORDER);
        long free = freeFrames();
        if (free == 0) {
            return SCALE;
        }
        return (int) ((free - (runs(order) << order)) * SCALE / free);
    }

    /**
     * Linux's fragmentation index for {@code order}, in thousandths: -1000 when an order-k get would
     * succeed, else 0 (lack of memory) .. 1000 (fragmentation).
     *
     * @param order the order of the request, {@code 0..MAX_ORDER} (a larger one has no block)
     * @return -1000 when a block of order {@code order} or more is free; 0 when nothing is free; else
     *     {@code 1000 - (1000 + free * 1000 / 2^order) / total}, below 1000 and, as in Linux, negative when a few
     *     blocks hold many frames (a single free frame gives -500 for order 1)
     * @throws IllegalArgumentException if {@code order} is not in {@code 0..MAX_REQUEST_ORDER}
     */
    public int fragmentationIndex(int order) {
        checkOrder(order, MAX_REQUEST_ORDER);
        long total = 0;
        for (long count : blocks) {
            total += count;
        }
        if (total == 0) {
            return 0;
        }
        if (runs(order) > 0) {
            return -SCALE;
        }
        return (int) (SCALE - (SCALE + freeFrames() * SCALE / (1L << order)) / total);
    }

    private static void checkOrder(int order, int max) {
        if (order < 0 || order > max) {
            throw new IllegalArgumentException("order " + order + " is not in 0.." + max);
        }
    }
}
