package dev.llfree.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How bulk, repeat and rand size and repeat their phases. {@link #toString()} is the name used on the command line.
 *
 * <table>
 *   <caption>The two definitions</caption>
 *   <tr><th></th><th>{@link #DEFAULT}</th><th>{@link #LLFREE} (llfree-rs {@code eval/src/bin/bench.rs})</th></tr>
 *   <tr><td>runs per thread</td><td>bulk, rand: its share of all memory; repeat holds half of that</td>
 *       <td>{@code frames / max_threads / 2 / 2^order}, in every workload</td></tr>
 *   <tr><td>repetitions</td><td>timed phases repeated until each lasts the minimum phase</td>
 *       <td>bulk and rand: {@code 2^order} rounds; repeat: {@code 2^order} get+put pairs per run held</td></tr>
 *   <tr><td>bulk's puts</td><td>in the order of the gets</td><td>last got, first put (LIFO)</td></tr>
 * </table>
 *
 * Both leave the allocator wholly free: repeat's final put, which llfree-rs leaves out, is untimed here.
 */
public enum Definitions {
    /** This project's definitions. */
    DEFAULT,
    /** LLFree's, for figures that compare with its published ones. */
    LLFREE;

    /**
     * The definitions named {@code name} (as printed by {@link #toString()}).
     *
     * @throws IllegalArgumentException naming the valid names if there are no such definitions
     */
    public static Definitions of(String name) {
        return Arrays.stream(values()).filter(d -> d.toString().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("definitions: '" + name + "' (expected one of: "
                        + Arrays.stream(values()).map(Definitions::toString).collect(Collectors.joining(", ")) + ")"));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
