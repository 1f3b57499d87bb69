package dev.llfree.bench;

import dev.llfree.FrameAllocator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The benchmark workloads of LLFree (llfree-rs {@code bench}). Each run gets a fresh allocator; every
 * thread {@code t} uses core {@code t}, keeps its frames in a preallocated array and starts its timed
 * phases together with the others. {@link #toString()} is the lower-case name used on the command line
 * and in the CSV.
 *
 * <p>Per-operation times are the <em>mean over threads</em> of each thread's phase time divided by
 * its operation count, as the llfree benchmarks report (average ns per op per thread).
 */
public enum Workload {
    /** Each thread gets its share of all memory, then puts it all back; both phases timed. */
    BULK(BulkWorkload::run),
    /**
     * Memory half filled (untimed, spread over the threads), then each thread gets and puts one run in a
     * loop, as many times as it holds runs; get and put both report the time of one get+put pair.
     */
    REPEAT(RepeatWorkload::run),
    /**
     * Like {@link #BULK}'s get phase, then all frames are shuffled across the threads (seeded, untimed) and
     * each thread puts its share back in that random order.
     */
    RAND(RandWorkload::run);

    /** How a workload runs once. */
    @FunctionalInterface
    interface Body {
        Measurement run(FrameAllocator allocator, RunSpec spec);
    }

    private final Body body;

    Workload(Body body) {
        this.body = body;
    }

    /** Runs the workload once on {@code allocator}, which must be wholly free; leaves it wholly free. */
    Measurement run(FrameAllocator allocator, RunSpec spec) {
        return body.run(allocator, spec);
    }

    /**
     * The workload named {@code name} (as printed by {@link #toString()}).
     *
     * @throws IllegalArgumentException naming the valid names if there is no such workload
     */
    public static Workload of(String name) {
        return Arrays.stream(values()).filter(w -> w.toString().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("workload: '" + name + "' (expected one of: "
                        + Arrays.stream(values()).map(Workload::toString).collect(Collectors.joining(", ")) + ")"));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
