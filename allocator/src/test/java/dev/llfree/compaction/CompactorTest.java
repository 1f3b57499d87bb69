package dev.llfree.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.FrameAllocator;
import dev.llfree.core.Geometry;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CompactorTest {
    private static final long FRAMES = 4L * Geometry.TREE_FRAMES;
    private static final long SEED = new SplittableRandom().nextLong();
    private static final int[] SMALL = {0};
    private static final int[] MIXED = {0, 0, 0, 0, 1, 2, 3};

    static Iterable<Strategy> strategies() {
        return Strategy.all();
    }

    private static String seed() {
        return "seed=" + SEED;
    }

    @Test
    void shouldMoveExactlyTheLowerBoundWithSparsestFirst() {
        try (OwnedMemory m = OwnedMemory.fragmented(FRAMES, SEED, SMALL, 0, 10)) {
            LowerBound bound = LowerBound.of(m.allocator, m.table);
            long hugeBefore = m.allocator.freeHugeFrames();
            CompactionReport r = new Compactor(Strategy.named("sparsest-first")).compact(0, m.allocator, m.table, Goal.maximal());
            assertEquals(bound.clearable(), r.hugeCleared(), seed() + " " + bound + " " + r);
            assertEquals(bound.moves(r.hugeCleared()), r.framesMoved(), seed());
            assertEquals(hugeBefore + r.hugeCleared(), m.allocator.freeHugeFrames(), seed());
            m.check();
        }
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void shouldClearExactlyTheRequestedHugeFrames(Strategy strategy) {
        try (OwnedMemory m = OwnedMemory.fragmented(FRAMES, SEED, SMALL, 0, 10)) {
            long hugeBefore = m.allocator.freeHugeFrames();
            LowerBound bound = LowerBound.of(m.allocator, m.table);
            CompactionReport r = new Compactor(strategy).compact(0, m.allocator, m.table, Goal.hugeFrames(5));
            assertEquals(5, r.hugeCleared(), seed() + " " + r);
            assertEquals(hugeBefore + 5, m.allocator.freeHugeFrames(), seed());
            assertTrue(r.framesMoved() >= bound.moves(5), seed() + " moved " + r.framesMoved() + " below the bound " + bound.moves(5));
            m.check();
        }
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void shouldKeepEveryRunAndNeverMovePinnedOnes(Strategy strategy) {
        try (OwnedMemory m = OwnedMemory.fragmented(FRAMES, SEED, MIXED, 0.05, 10)) {
            Map<Integer, Long> pinned = new HashMap<>();
            SplittableRandom random = new SplittableRandom(SEED);
            for (int h = 0; h < m.table.capacity(); h++) {
                if (m.table.frame(h) != HandleTable.NONE && (m.table.pinned(m.table.frame(h)) || random.nextInt(100) == 0)) {
                    m.table.pin(h, true);
                    pinned.put(h, m.table.frame(h));
                }
            }
            LowerBound bound = LowerBound.of(m.allocator, m.table);
            CompactionReport r = new Compactor(strategy).compact(0, m.allocator, m.table, Goal.maximal());
            assertTrue(r.hugeCleared() > 0 && r.hugeCleared() <= bound.clearable(), seed() + " " + bound + " " + r);
            assertTrue(r.framesMoved() >= bound.moves(r.hugeCleared()), seed() + " " + r);
            pinned.forEach((h, frame) -> assertEquals(frame, m.table.frame(h), seed() + ": pinned handle " + h + " moved"));
            m.check();
        }
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void shouldReachAFragmentationIndex(Strategy strategy) {
        try (OwnedMemory m = OwnedMemory.fragmented(FRAMES, SEED, SMALL, 0, 10)) {
            assertTrue(Goal.unusableFreeIndex(m.allocator) > 0.9, seed());
            new Compactor(strategy).compact(0, m.allocator, m.table, Goal.unusableFree(0.5));
            assertTrue(Goal.unusableFreeIndex(m.allocator) <= 0.5, seed() + " " + Goal.unusableFreeIndex(m.allocator));
            m.check();
        }
    }

    @Test
    void shouldMoveFewerFramesThanLinuxForTheSameHugeFrames() {
        long[] moved = new long[2];
        String[] names = {"linux", "sparsest-first"};
        for (int i = 0; i < names.length; i++) {
            try (OwnedMemory m = OwnedMemory.fragmented(FRAMES, SEED, SMALL, 0, 10)) {
                moved[i] = new Compactor(Strategy.named(names[i])).compact(0, m.allocator, m.table, Goal.hugeFrames(10)).framesMoved();
            }
        }
        assertTrue(moved[1] < moved[0], seed() + ": sparsest-first " + moved[1] + ", linux " + moved[0]);
    }

    @Test
    void shouldUnmarkAndFreeTheTargetWhenTheMigratorThrows() {
        try (OwnedMemory m = OwnedMemory.fragmented(FRAMES, SEED, MIXED, 0, 2)) {
            Migrator failing = new Migrator() {
                private int moves;

                @Override
                public int order(long frame) {
                    return m.table.order(frame);
                }

                @Override
                public boolean pinned(long frame) {
                    return m.table.pinned(frame);
                }

                @Override
                public Outcome move(long from, long to, int order) {
                    if (++moves == 3) {
                        throw new IllegalStateException("copy failed");
                    }
                    return m.table.move(from, to, order);
                }
            };
            Compactor compactor = new Compactor(Strategy.named("sparsest-first"));
            assertThrows(IllegalStateException.class, () -> compactor.compact(0, m.allocator, failing, Goal.maximal()));
            m.check();
        }
    }

    @Test
    void shouldNameStrategiesAndGoals() {
        assertEquals(List.of("linux", "sparsest-first", "tree-local"), Strategy.all().stream().map(Strategy::name).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Strategy.named("buddy"));
        assertEquals("strategy: 'buddy' (expected one of: linux, sparsest-first, tree-local)", e.getMessage());
        assertEquals(Goal.maximal(), Goal.parse("max"));
        assertEquals(Goal.hugeFrames(16), Goal.parse("16"));
        assertEquals(Goal.unusableFree(0.25), Goal.parse("unusable=0.25"));
        assertThrows(IllegalArgumentException.class, () -> Goal.parse("lots"));
        assertThrows(IllegalArgumentException.class, () -> Goal.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> Goal.parse("unusable=2"));
    }

    @Test
    void shouldRefuseAnotherAllocator() {
        FrameAllocator other = (FrameAllocator) Proxy.newProxyInstance(FrameAllocator.class.getClassLoader(),
            new Class<?>[] {FrameAllocator.class}, (proxy, method, args) -> null);
        assertThrows(IllegalArgumentException.class,
            () -> new Compactor(Strategy.named("linux")).compact(0, other, null, Goal.maximal()));
    }
}
