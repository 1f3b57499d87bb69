package dev.llfree.inspect;

import dev.llfree.Kind;
import dev.llfree.file.PoolHeader;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link PoolInspector#inspect()} read from a pool file without changing it. Occupancy is counted
 * from the truth (bitfields and huge flags), never from the stored counters, so it is right after a
 * crash too. Each used child records the kind of the gets that took frames from it (advisory: a crash
 * can lose the record of a child whose counter line was not written back; it then counts as unknown).
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
 *                         {@code auto} picks {@code eadr}); the durability chosen at create is in {@code header}
 * @param freeFrames       free frames
 * @param freeHugeFrames   wholly free 2 MiB children
 * @param hugeFrames       2 MiB children allocated whole (as order 9, or half of an order-10 frame)
 * @param giantFrames      1 GiB frames allocated (order 18, 512 children each, counted as allocated frames)
 * @param largestFreeRun   the longest run of consecutive free frames
 * @param largestFreeOrder the largest order with a free naturally aligned block, or -1
 * @param orders           free blocks and Linux fragmentation indices per order 0..10
 * @param trees            occupancy per tree, in address order
 * @param kinds            occupancy of the used children per recorded kind: movable, fixed, huge, unknown
 * @param idealCompaction  the most free huge frames a compaction can add, and the least it must move for
 *                         them ({@link dev.llfree.compaction.LowerBound}, every frame assumed movable)
 * @param consistency      the fsck verdict
 */
public record PoolInspection(Path path, PoolHeader header, int childFrames, int treeFrames, long fileBytes,
                             boolean cleanFlag, boolean closedCleanly, boolean libpmem, boolean autoFlush,
                             long freeFrames, long freeHugeFrames, long hugeFrames, long giantFrames,
                             long largestFreeRun,
                             int largestFreeOrder, List<Order> orders, List<Tree> trees, List<KindShare> kinds,
                             Compaction idealCompaction,
                             Consistency consistency) {
    public PoolInspection {
        orders = List.copyOf(orders);
        trees = List.copyOf(trees);
        kinds = List.copyOf(kinds);
    }

    /**
     * The used children (not wholly free) that serve one kind; wholly free children serve any kind.
     *
     * @param kind            the kind, or null for children whose record a crash lost
     * @param children        used 2 MiB children recorded with this kind
     * @param allocatedFrames frames allocated in them
     * @param freeFrames      frames still free in them (holes that only gets of this kind fill)
     */
    public record KindShare(Kind kind, long children, long allocatedFrames, long freeFrames) {
        /** The kind's name as the CLI spells it ({@code movable}, {@code fixed}, {@code huge}), or {@code unknown}. */
        public String name() {
            return kind == null ? "unknown" : kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Free space of one order, as Linux reports it (see {@link dev.llfree.FreeSpace}).
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
