package dev.llfree.core.words;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BitfieldTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void shouldFindExactlyTheAlignedFreeRunsOfEveryOrder(int order) {
        long seed = 0x5EED_0000L + order;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            long word = sparse(random);
            assertEquals(naiveRuns(word, order), Bitfield.freeRuns(word, order),
                "order " + order + " word " + Long.toHexString(word) + " seed " + seed);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void shouldFindEveryRunInAnEmptyWordAndNoneInAFullOne(int order) {
        assertEquals(Long.bitCount(Bitfield.freeRuns(0, order)), 64 >> order);
        assertEquals(0, Bitfield.freeRuns(-1L, order));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void shouldClaimTheLowestRunsUpToTheLimit(int order) {
        long runs = Bitfield.freeRuns(0, order);
        int size = 1 << order;
        for (int max = 1; max <= 64 / size; max++) {
            long claim = Bitfield.firstRuns(runs, order, max);
            assertEquals(max * size, Long.bitCount(claim));
            assertEquals(0, Long.numberOfTrailingZeros(claim));
        }
        assertEquals(-1L, Bitfield.firstRuns(runs, order, 1000));
        assertEquals(0, Bitfield.firstRuns(0, order, 5));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void shouldClaimTheHighestRun(int order) {
        SplittableRandom random = new SplittableRandom(0x1A57_0000L + order);
        for (int i = 0; i < 20_000; i++) {
            long runs = Bitfield.freeRuns(sparse(random), order);
            long last = Bitfield.lastRun(runs, order);
            if (runs == 0) {
                assertEquals(0, last);
            } else {
                int start = 63 - Long.numberOfLeadingZeros(runs);
                assertEquals(Bitfield.runMask(start, order), last);
                assertEquals(1L << start, runs & last, "one run: the highest");
            }
        }
    }

    @Test
    void shouldBuildRunMasksAtTheWordEdges() {
        assertEquals(1L, Bitfield.runMask(0, 0));
        assertEquals(1L << 63, Bitfield.runMask(63, 0));
        assertEquals(-1L, Bitfield.runMask(0, 6));
        assertEquals(0xFFFF_FFFF_0000_0000L, Bitfield.runMask(32, 5));
    }

    /** Words with long free and allocated stretches, so that every order finds some runs. */
    private static long sparse(SplittableRandom random) {
        long word = 0;
        int bit = 0;
        while (bit < 64) {
            int len = 1 + random.nextInt(random.nextBoolean() ? 4 : 40);
            if (random.nextInt(3) == 0) {
                for (int b = bit; b < Math.min(64, bit + len); b++) {
                    word |= 1L << b;
                }
            }
            bit += len;
        }
        return word;
    }

    private static long naiveRuns(long word, int order) {
        int size = 1 << order;
        long runs = 0;
        for (int start = 0; start < 64; start += size) {
            boolean free = true;
            for (int b = start; b < start + size; b++) {
                free &= (word >>> b & 1) == 0;
            }
            if (free) {
                runs |= 1L << start;
            }
        }
        return runs;
    }
}
