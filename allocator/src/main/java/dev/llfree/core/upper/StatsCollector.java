package dev.llfree.core.upper;

import dev.llfree.Kind;
import dev.llfree.Stats;
import dev.llfree.core.Geometry;
import dev.llfree.core.lower.Lower;
import dev.llfree.core.words.ChildEntry;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link Stats} from the child entries (exact occupancy) and the counters (reservations, kinds). */
final class StatsCollector {
    private StatsCollector() { }

    static Stats collect(Lower lower, Counters counters) {
        int treeCount = counters.treeFree().length;
        List<Stats.Tree> trees = new ArrayList<>(treeCount);
        long free = 0;
        long freeHuge = 0;
        for (int t = 0; t < treeCount; t++) {
            long first = Geometry.firstChildOfTree(t);
            long end = Geometry.endChildOfTree(t, lower.children());
            long treeFree = 0;
            long treeHuge = 0;
            long capacity = 0;
            for (long c = first; c < end; c++) {
                int e = lower.childEntry(c);
                treeFree += ChildEntry.free(e);
                treeHuge += ChildEntry.freeHuge(e) ? 1 : 0;
                capacity += lower.capacity(c);
            }
            boolean reserved = counters.treeReserved()[t];
            Kind kind = !reserved && treeFree == capacity ? null : Kind.of(counters.treeKind()[t]);
            trees.add(new Stats.Tree(t, kind, capacity, treeFree, treeHuge, reserved));
            free += treeFree;
            freeHuge += treeHuge;
        }
        List<Stats.PerKind> kinds = new ArrayList<>(Kind.COUNT);
        for (int k = 0; k < Kind.COUNT; k++) {
            kinds.add(perKind(Kind.of(k), trees, counters));
        }
        return new Stats(lower.frames(), free, freeHuge, List.copyOf(trees), List.copyOf(kinds), counters.exhaustiveSearches());
    }

    private static Stats.PerKind perKind(Kind kind, List<Stats.Tree> trees, Counters counters) {
        int count = 0;
        long frames = 0;
        long free = 0;
        long freeHuge = 0;
        for (Stats.Tree tree : trees) {
            if (tree.kind() == kind) {
                count++;
                frames += tree.frames();
                free += tree.freeFrames();
                freeHuge += tree.freeHugeFrames();
            }
        }
        int reservations = 0;
        for (int cell = kind.ordinal(); cell < counters.cellPresent().length; cell += Kind.COUNT) {
            reservations += counters.cellPresent()[cell] ? 1 : 0;
        }
        return new Stats.PerKind(kind, count, reservations, frames, free, freeHuge);
    }
}
