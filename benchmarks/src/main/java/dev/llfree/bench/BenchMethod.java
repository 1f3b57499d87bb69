package dev.llfree.bench;

/**
 * How the throughput workloads measure, apart from what they run.
 *
 * @param definitions    how bulk, repeat and rand size and repeat their phases
 * @param minPhaseMillis with {@link Definitions#DEFAULT}, each timed phase lasts at least this long per thread: the
 *                       workload repeats it (0: one pass, however short)
 * @param pin            whether bench thread {@code t} runs pinned to the {@code t}-th CPU the process may use
 */
public record BenchMethod(Definitions definitions, long minPhaseMillis, boolean pin) {
    /**
     * How long a timed phase lasts at least when not told otherwise: at 8 GiB an order-9 bulk phase is 4 096 gets
     * (0.1 ms), far too short to measure on a shared machine.
     */
    public static final long DEFAULT_MIN_PHASE_MILLIS = 100;
    /** This project's definitions, phases of at least {@value #DEFAULT_MIN_PHASE_MILLIS} ms, threads not pinned. */
    public static final BenchMethod DEFAULT = new BenchMethod(Definitions.DEFAULT, DEFAULT_MIN_PHASE_MILLIS, false);
    /** One pass of each phase, for tests that only need a valid run. */
    public static final BenchMethod ONE_PASS = new BenchMethod(Definitions.DEFAULT, 0, false);

    /**
     * @throws IllegalArgumentException if the minimum phase is negative
     */
    public BenchMethod {
        if (definitions == null) {
            throw new IllegalArgumentException("definitions: null (expected: default or llfree)");
        }
        if (minPhaseMillis < 0) {
            throw new IllegalArgumentException("min phase: " + minPhaseMillis + " ms (expected: >= 0)");
        }
    }
}
