package dev.llfree.compaction;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How compaction picks the children (2 MiB) to empty and the targets their runs move to. Every
 * strategy empties a child the same way ({@link Evacuation}): mark it evacuating, ask the migrator
 * about its runs, move them, unmark it.
 *
 * <ul>
 *   <li>{@code linux}: Linux's mm/compaction.c: a migration scanner from the low end moves every run it
 *       meets to targets a free scanner takes from the high end, until the scanners meet; a child whose
 *       batch of 32 runs holds a pinned run is given up and skipped by both scanners.</li>
 *   <li>{@code sparsest-first}: empty the children with the fewest allocated frames into the fullest
 *       children that are not themselves emptied; this meets the lower bound when nothing is pinned.</li>
 *   <li>{@code tree-local}: sparsest-first inside each tree (32 children, 64 MiB): frames never leave
 *       their tree, so a core's region of trees and each tree's kind keep their frames.</li>
 * </ul>
 *
 * <p>Thread safety: strategies are stateless; one may serve concurrent compactions.
 */
public abstract sealed class Strategy permits LinuxStrategy, SparsestFirstStrategy, TreeLocalStrategy {
    private static final List<Strategy> ALL = List.of(new LinuxStrategy(), new SparsestFirstStrategy(), new TreeLocalStrategy());

    Strategy() { }

    /**
     * The name used on the command line and in results: {@code linux}, {@code sparsest-first}, {@code tree-local}.
     *
     * @return the strategy's name, which {@link #named} accepts
     */
    public abstract String name();

    /** Runs compaction until the session's goal is reached or the strategy finds nothing more to do. */
    abstract void run(Session session);

    /**
     * Every strategy, in the order benchmarks report them.
     *
     * @return an unmodifiable list: linux, sparsest-first, tree-local
     */
    public static List<Strategy> all() {
        return ALL;
    }

    /**
     * The strategy called {@code name}.
     *
     * @param name a strategy's {@link #name()}, case-sensitive
     * @return that strategy (strategies are stateless and shared)
     * @throws IllegalArgumentException naming the known strategies
     */
    public static Strategy named(String name) {
        for (Strategy s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("strategy: '" + name + "' (expected one of: "
            + ALL.stream().map(Strategy::name).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return name();
    }
}
