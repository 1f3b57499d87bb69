package dev.llfree.persist;

import dev.llfree.recovery.Consistency;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link PoolInspector#inspect()} read from a pool file without changing it. Occupancy is counted
 * from the truth (bitfields and huge flags), never from the stored counters, so it is right after a
 * crash too. Kinds are not stored in a pool (trees are tagged by kind only while it is open), so
 * occupancy is by tree and by order, not by kind.
 *
 * <p>Thread safety: immutable.
 *
 * @param path             the pool file
 * @param header           the checked header fields
 * @param childFrames      frames per child (2 MiB, a huge frame), as the header gives it
 * @param treeFrames       frames per tree (the unit a core reserves), as the header gives it
 * @param fileBytes        the file's length
 * @param cleanFlag        whether the clean flag is set (else the pool crashed or was killed while open)
 * @param closedCleanly    whether the next open trusts the counters: the clean flag is set and the
 *                         metadata matches the checksum of the clean close (else the open recounts them)
 * @param libpmem          whether libpmem is installed here ({@code pmem} and {@code eadr} need it)
 * @param autoFlush        whether libpmem reports that this platform flushes caches on power loss (then
 *                         {@code auto} picks {@code eadr}); durability is chosen at each open, not stored
 * @param freeFrames       free frames
 * @param freeHugeFrames   wholly free 2 MiB children
 * @param hugeFrames       2 MiB children allocated whole (as order 9, or half of an order-10 frame)
 * @param largestFreeRun   the longest run of consecutive free frames
 * @param largestFreeOrder the largest order with a free naturally aligned block, or -1
 * @param orders           free blocks and Linux fragmentation indices per order 0..10
 * @param trees            occupancy per tree, in address order
 * @param idealCompaction  the most free huge frames a compaction can add, and the least it must move for
 *                         them ({@link dev.llfree.compaction.LowerBound}, every frame assumed movable)
 * @param consistency      the fsck verdict
 */
public record PoolInspection(Path path, PoolHeader header, int childFrames, int treeFrames, long fileBytes,
                             boolean cleanFlag, boolean closedCleanly, boolean libpmem, boolean autoFlush,
                             long freeFrames, long freeHugeFrames, long hugeFrames, long largestFreeRun,
                             int largestFreeOrder, List<Order> orders, List<Tree> trees, Compaction idealCompaction,
                             Consistency consistency) {
    public PoolInspection {
        orders = List.copyOf(orders);
        trees = List.copyOf(trees);
    }

    /**
     * Free space of one order, as Linux reports it (see {@link FreeSpace}).
     *
     * @param order              the order: runs of 2^order frames
     * @param freeBlocks         maximal aligned free blocks of this order (a buddy allocator's free list)
     * @param unusableFreeIndex  share of free frames in blocks too small for this order (0..1)
     * @param fragmentationIndex -1 if a block of this order is free; else 0 (a get fails for lack of
     *                           memory) .. 1 (it fails for fragmentation)
     */
    public record Order(int order, long freeBlocks, double unusableFreeIndex, double fragmentationIndex) { }

    /**
     * The ideal compaction: a lower bound to measure strategies against.
     *
     * @param hugeFramesGained free huge frames that compaction can add at most
     * @param framesMoved      frames it must move for them at least
     */
    public record Compaction(long hugeFramesGained, long framesMoved) { }

    /**
     * Occupancy of one tree (a group of 2 MiB children that one core reserves at a time).
     *
     * @param index          the tree's index
     * @param frames         frames it has (fewer for a partial last tree)
     * @param freeFrames     free frames
     * @param freeHugeFrames wholly free 2 MiB children
     * @param hugeFrames     2 MiB children allocated whole
     */
    public record Tree(long index, long frames, long freeFrames, long freeHugeFrames, long hugeFrames) { }
}
