package dev.llfree.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchConfigTest {
    private static final long MIB = 1 << 20;

    @ParameterizedTest(name = "order {0}, threads {1}, {2} bytes, {3} runs")
    @CsvSource(delimiter = ';', value = {
        "11; 1; 67108864; 1; order: 11 (expected: 0..10 or 18)",
        "0; 0; 67108864; 1; threads: [0]",
        "0; 1,-2; 67108864; 1; threads: [1, -2]",
        "0; 1; 67108864; 0; runs: 0",
        "0; 1; 4097; 1; memory: 4097 bytes (expected: a positive multiple of 4096)",
        "9; 2; 4194304; 1; memory: 4194304 bytes is too small for 2 threads at order 9 (expected: at least 8388608 bytes)",
        "0; 1; 17592186044416; 1; memory: 17592186044416 bytes is too large at order 0",
    })
    void shouldRejectWithTheFieldAndWhatWasExpected(int order, String threads, long memory, int runs, String message) {
        List<Integer> threadCounts = Arrays.stream(threads.split(",")).map(Integer::valueOf).toList();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BenchConfig(List.of(Workload.BULK), order, threadCounts, memory, runs, 1, 1, BenchMethod.ONE_PASS));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void shouldDropRepeatedWorkloadsAndThreadCounts() {
        BenchConfig config = new BenchConfig(List.of(Workload.BULK, Workload.RAND, Workload.BULK), 0, List.of(1, 2, 1),
                8 * MIB, 1, 1, 1, BenchMethod.ONE_PASS);
        assertEquals(List.of(Workload.BULK, Workload.RAND), config.workloads());
        assertEquals(List.of(1, 2), config.threads());
    }

    @ParameterizedTest
    @CsvSource({"0, 2", "10, 1"})
    void shouldAcceptTheSmallestMemoryThatGivesEveryThreadTwoRuns(int order, int threads) {
        long memory = 2L * threads * (4096L << order);
        new BenchConfig(List.of(Workload.REPEAT), order, List.of(threads), memory, 1, 1, 1, BenchMethod.ONE_PASS);
        assertThrows(IllegalArgumentException.class,
                () -> new BenchConfig(List.of(Workload.REPEAT), order, List.of(threads), memory - 4096, 1, 1, 1, BenchMethod.ONE_PASS));
        assertTrue(memory <= 8 * MIB);
    }
}
