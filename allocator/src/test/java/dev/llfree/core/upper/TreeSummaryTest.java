package dev.llfree.core.upper;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.core.Geometry;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TreeSummary} against a brute-force scan of a {@link BitSet} under random sets and clears, over tree counts
 * that end inside a word, on a word, and span several group words; and the allocator's summary against its tree
 * entries after every operation of random gets, puts and drains ({@link Trees#summaryGap}, run by
 * {@code validate()}).
 */
class TreeSummaryTest {
    private static final long SEED = Long.getLong("stress.seed", new SplittableRandom().nextLong());

    @ParameterizedTest(name = "{0} trees")
    @ValueSource(ints = {1, 63, 64, 65, 4096, 4097, 10_000})
    void shouldFindTheSameTreesAsABruteForceScan(int trees) {
        SplittableRandom random = new SplittableRandom(SEED + trees);
        TreeSummary summary = new TreeSummary(trees);
        BitSet[] model = new BitSet[TreeSummary.CLASSES];
        for (int cls = 0; cls < TreeSummary.CLASSES; cls++) {
            model[cls] = new BitSet(trees);
        }
        for (int op = 0; op < 20_000; op++) {
            int cls = random.nextInt(TreeSummary.CLASSES);
            // Few bits set, so that searches cross empty words and groups (and clear group bits on the way).
            int tree = random.nextInt(trees);
            if (random.nextInt(3) == 0) {
                summary.set(cls, tree);
                model[cls].set(tree);
            } else {
                summary.clear(cls, tree);
                model[cls].clear(tree);
            }
            long from = random.nextInt(trees + 1);
            long end = from + random.nextLong(trees - from + 1);
            int expected = model[cls].nextSetBit((int) from);
            long want = expected >= 0 && expected < end ? expected : TreeSummary.NONE;
            assertEquals(want, summary.next(cls, from, end), "class " + cls + " in [" + from + ", " + end + ") after op "
                + op + ", seed " + SEED + " (rerun with -Dstress.seed=" + SEED + ")");
            assertEquals(model[cls].get(tree), summary.isSet(cls, tree));
        }
    }

    @ParameterizedTest(name = "{0} cores")
    @ValueSource(ints = {1, 3})
    void shouldSummariseEveryUnreservedTreeAfterEveryOperation(int cores) {
        SplittableRandom random = new SplittableRandom(SEED + cores);
        long frames = 40L * Geometry.TREE_FRAMES + 3 * Geometry.CHILD_FRAMES + 5;
        List<long[]> held = new ArrayList<>();
        try (FrameAllocator allocator = LLFree.volatileFrames(frames).cores(cores).build()) {
            for (int op = 0; op < 5_000; op++) {
                int choice = random.nextInt(100);
                if (choice < 55 || held.isEmpty()) {
                    int order = new int[] {0, 0, 3, 6, 9, 10}[random.nextInt(6)];
                    Kind kind = Kind.of(random.nextInt(Kind.COUNT));
                    long frame = allocator.get(random.nextInt(cores), order, kind);
                    if (frame != FrameAllocator.NO_FRAME) {
                        held.add(new long[] {frame, order});
                    }
                } else if (choice < 99) {
                    long[] run = held.remove(random.nextInt(held.size()));
                    allocator.put(random.nextInt(cores), run[0], (int) run[1]);
                } else {
                    allocator.drain();
                }
                int at = op;
                assertDoesNotThrow(allocator::validate, () -> "after op " + at + ", seed " + SEED); // Trees.summaryGap
            }
        }
    }
}
