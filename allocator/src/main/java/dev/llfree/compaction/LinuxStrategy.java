package dev.llfree.compaction;

import dev.llfree.FrameAllocator;

/**
 * {@code linux}: the algorithm of Linux's mm/compaction.c, with a child (2 MiB) as the pageblock.
 * A migration scanner walks the children from the low end and moves every run it meets; a free
 * scanner walks from the high end and hands out free frames of partly used children (never of a
 * wholly free one, never of a {@code FIXED} tree: Linux's {@code suitable_migration_target}). Runs are
 * isolated in batches of {@value #CLUSTER} ({@code COMPACT_CLUSTER_MAX}); a pinned run in a batch
 * aborts the child before the batch moves (async compaction's {@code skip_on_failure}; runs moved by
 * earlier batches stay moved) and the scanner skips the rest of it; both scanners only advance, so a
 * failed child is never scanned again in this run. Compaction ends when the scanners meet or the goal
 * is reached ({@code compact_finished}).
 */
final class LinuxStrategy extends Strategy {
    /** Runs isolated, and checked for pins, before any of them moves. */
    static final int CLUSTER = 32;

    @Override
    public String name() {
        return "linux";
    }

    @Override
    void run(Session session) {
        FreeScanner free = new FreeScanner(session);
        for (long c = 0; c < free.cursor && !session.done(); c++) {
            if (session.source(c)) {
                free.above = c;
                Evacuation.run(session, c, free, CLUSTER);
            }
        }
    }

    /** The free scanner: from the highest child down to just above the migration scanner. */
    private static final class FreeScanner implements Targets {
        private final Session session;
        private long cursor;
        private long above;

        FreeScanner(Session session) {
            this.session = session;
            this.cursor = session.children() - 1;
        }

        @Override
        public long take(int order) {
            for (; cursor > above; cursor--) {
                long frame = session.target(cursor) ? session.take(cursor, order) : FrameAllocator.NO_FRAME;
                if (frame >= 0) {
                    return frame;
                }
            }
            return FrameAllocator.NO_FRAME;
        }
    }
}
