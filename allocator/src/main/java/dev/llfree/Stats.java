package dev.llfree;

import java.util.List;

/**
 * A snapshot of an allocator's occupancy. Exact only while no get or put is in flight.
 *
 * @param frames         frames managed
 * @param freeFrames     free frames
 * @param freeHugeFrames wholly free 2 MiB frames
 * @param trees          one entry per tree, in address order
 * @param kinds          one entry per {@link Kind}, in ordinal order
 * @param exhaustiveSearches gets since the allocator was made that searched every tree: those that found no
 *                       reservation, no candidate in the summary of unreserved trees and no run in another core's
 *                       reserved tree, and every get that ended in out-of-memory; rare unless memory runs out
 */
public record Stats(long frames, long freeFrames, long freeHugeFrames, List<Tree> trees, List<PerKind> kinds,
                    long exhaustiveSearches) {

    /**
     * One tree (a group of 2 MiB children that one core reserves at a time).
     *
     * @param index          the tree's index, {@code 0..trees-1} in address order: tree {@code i} starts at frame
     *                       {@code i * 2^14} (32 children of 2 MiB, 64 MiB)
     * @param kind           the kind the tree serves, or {@code null} when it is wholly free (serves any kind)
     * @param frames         frames in the tree: {@code 2^14}, fewer in a last tree cut short by the allocator's end
     * @param freeFrames     free frames in the tree, from its children's entries
     * @param freeHugeFrames wholly free 2 MiB children of the tree that a huge get could take now
     * @param reserved       whether a core holds it in a reservation now
     */
    public record Tree(int index, Kind kind, long frames, long freeFrames, long freeHugeFrames, boolean reserved) { }

    /**
     * Trees tagged with one kind (wholly free trees belong to no kind).
     *
     * @param kind           the kind
     * @param trees          trees tagged with it
     * @param reservations   reservations of this kind that are present now (at most one per reservation slot)
     * @param frames         frames in those trees
     * @param freeFrames     free frames in those trees
     * @param freeHugeFrames wholly free 2 MiB children in those trees
     */
    public record PerKind(Kind kind, int trees, int reservations, long frames, long freeFrames, long freeHugeFrames) { }
}
