package dev.llfree.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The two definitions of the throughput workloads: how many runs, how many rounds, in which order bulk puts. */
class RunSpecTest {
    private static final long FRAMES = 1L << 20;

    @Test
    void shouldGiveEachThreadItsShareOfAllMemoryAndRepeatUntilThePhaseLastsTheMinimum() {
        RunSpec spec = new RunSpec(FRAMES, 0, 2, 4, 1, new BenchMethod(Definitions.DEFAULT, 100, false));
        assertEquals(FRAMES / 2, spec.runsPerThread());
        assertEquals(FRAMES / 4, spec.heldPerThread());
        assertTrue(spec.again(50, 99_999_999));
        assertFalse(spec.again(1, 100_000_000));
        assertFalse(spec.putsLastFirst());
        assertFalse(new RunSpec(FRAMES, 0, 2, 4, 1, BenchMethod.ONE_PASS).again(1, 0), "0 ms: one pass");
    }

    @Test
    void shouldSizeRunsByTheLargestThreadCountAndRepeatTwoToTheOrderTimesAsLLFreeDoes() {
        RunSpec spec = new RunSpec(FRAMES, 3, 2, 4, 1, new BenchMethod(Definitions.LLFREE, 100, false));
        assertEquals(FRAMES / 4 / 2 / 8, spec.runsPerThread());
        assertEquals(spec.runsPerThread(), spec.heldPerThread());
        assertTrue(spec.again(7, Long.MAX_VALUE), "2^3 rounds, however long");
        assertFalse(spec.again(8, 0));
        assertTrue(spec.putsLastFirst());
    }

    @Test
    void shouldNameTheDefinitionsAsTheCommandLineDoes() {
        assertEquals(Definitions.LLFREE, Definitions.of("llfree"));
        assertEquals("default", Definitions.DEFAULT.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Definitions.of("rs"));
        assertEquals("definitions: 'rs' (expected one of: default, llfree)", e.getMessage());
    }
}
