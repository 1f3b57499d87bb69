package dev.llfree.compaction;

/**
 * {@code sparsest-first}: one {@link Plan} over all children. Empties the children with the fewest
 * allocated frames, in that order, into the fullest children, until the goal is reached or the room
 * left cannot take the next child. Without pinned frames it moves exactly the lower bound's frames
 * (the sum of the k smallest occupancies); a pinned child costs no moves (all its runs are checked
 * first) and the next sparsest takes its place.
 */
final class SparsestFirstStrategy extends Strategy {
    @Override
    public String name() {
        return "sparsest-first";
    }

    @Override
    void run(Session session) {
        Plan plan = Plan.of(session, 0, session.children());
        while (!session.done()) {
            long c = plan.nextSource();
            if (c == Plan.NONE) {
                return;
            }
            if (!Evacuation.run(session, c, plan, Evacuation.WHOLE_CHILD)) {
                plan.giveUp(c);
            }
        }
    }
}
