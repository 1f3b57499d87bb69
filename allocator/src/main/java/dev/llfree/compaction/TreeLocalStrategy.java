package dev.llfree.compaction;

import dev.llfree.core.Geometry;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * {@code tree-local}: one {@link Plan} per tree (32 children, 64 MiB), merged by occupancy: the
 * sparsest child of any tree is emptied next, but only into the fullest children of its own tree.
 * Frames never leave their tree, so LLFree's locality survives compaction: cores allocate in disjoint
 * regions of trees, a tree serves one kind, and a compaction touches one tree's line of child entries
 * at a time (trees could be compacted in parallel). The price: a tree whose other children lack room
 * keeps its sparse child, where {@code sparsest-first} would move it elsewhere.
 */
final class TreeLocalStrategy extends Strategy {
    @Override
    public String name() {
        return "tree-local";
    }

    @Override
    void run(Session session) {
        PriorityQueue<Plan> plans = new PriorityQueue<>(Comparator.comparingInt(Plan::nextOccupancy));
        long children = session.children();
        for (long first = 0; first < children; first += Geometry.TREE_CHILDREN) {
            Plan plan = Plan.of(session, first, Math.min(children, first + Geometry.TREE_CHILDREN));
            if (plan.hasSource()) {
                plans.add(plan);
            }
        }
        while (!session.done() && !plans.isEmpty()) {
            Plan plan = plans.poll();
            long c = plan.nextSource();
            if (c == Plan.NONE) {
                continue;
            }
            if (!Evacuation.run(session, c, plan, Evacuation.WHOLE_CHILD)) {
                plan.giveUp(c);
            }
            if (plan.hasSource()) {
                plans.add(plan);
            }
        }
    }
}
