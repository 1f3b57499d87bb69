package dev.llfree.core.upper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.core.Geometry;
import dev.llfree.core.words.ChildEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Size segregation inside a reserved tree: single frames fill it from the bottom, runs of orders 1..8 from
 * the top child with room, and a run freed above the run hint is taken again before the hint's child.
 */
class SizeSegregationTest {
    private static final long FRAMES = 2 * Geometry.TREE_FRAMES;
    private LLFreeAllocator allocator;

    @BeforeEach
    void create() {
        allocator = (LLFreeAllocator) LLFree.volatileFrames(FRAMES).cores(1).build();
    }

    @AfterEach
    void close() {
        allocator.validate();
        allocator.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 6, 8})
    void shouldTakeRunsFromTheTopAndSingleFramesFromTheBottom(int order) {
        long single = allocator.getOrThrow(0, 0, Kind.MOVABLE);
        long run = allocator.getOrThrow(0, order, Kind.MOVABLE);
        assertEquals(0, single);
        assertEquals(0, Geometry.treeOf(run), "runs come from the reserved tree");
        assertEquals(Geometry.TREE_CHILDREN - 1, Geometry.childOf(run), "runs come from its top child");
        if (order <= Geometry.WORD_ORDER) {
            assertEquals(Geometry.TREE_FRAMES - (1L << order), run, "the highest run of the top word");
        }
        assertEquals(1, allocator.getOrThrow(0, 0, Kind.MOVABLE), "single frames go on upwards");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void shouldFillTheTreeDownwardsChildByChild(int order) {
        int perChild = Geometry.CHILD_FRAMES >> order;
        for (int child = Geometry.TREE_CHILDREN - 1; child >= Geometry.TREE_CHILDREN - 3; child--) {
            for (int i = 0; i < perChild; i++) {
                long run = allocator.getOrThrow(0, order, Kind.MOVABLE);
                assertEquals(child, Geometry.childOf(run), "run " + i + " of child " + child);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void shouldRefillARunFreedAboveTheHintBeforeGoingLower(int order) {
        long[] top = fillTopChild(order);
        long lower = allocator.getOrThrow(0, order, Kind.MOVABLE);
        assertEquals(Geometry.TREE_CHILDREN - 2, Geometry.childOf(lower));
        long freed = top[top.length / 2];
        allocator.put(0, freed, order);
        assertEquals(freed, allocator.getOrThrow(0, order, Kind.MOVABLE), "the hole in the top child first");
    }

    @Test
    void shouldGiveASmallerRunTheRoomAboveWhereALargerOneWentOn() {
        long pair = allocator.getOrThrow(0, 1, Kind.MOVABLE);
        assertEquals(Geometry.TREE_CHILDREN - 1, Geometry.childOf(pair));
        fillTopChild(3); // the top child keeps 6 free frames: too few for order 3, room for order 1
        long larger = allocator.getOrThrow(0, 3, Kind.MOVABLE);
        assertEquals(Geometry.TREE_CHILDREN - 2, Geometry.childOf(larger));
        long smaller = allocator.getOrThrow(0, 1, Kind.MOVABLE);
        assertEquals(Geometry.TREE_CHILDREN - 1, Geometry.childOf(smaller), "the room left above, not the child below");
    }

    /** Gets runs of {@code order} until the top child of tree 0 has too few free frames for one; returns them. */
    private long[] fillTopChild(int order) {
        int top = Geometry.TREE_CHILDREN - 1;
        List<Long> runs = new ArrayList<>();
        while (ChildEntry.free(allocator.lower().childEntry(top)) >= 1 << order) {
            long run = allocator.getOrThrow(0, order, Kind.MOVABLE);
            assertEquals(top, Geometry.childOf(run));
            runs.add(run);
        }
        return runs.stream().mapToLong(Long::longValue).toArray();
    }
}
