package dev.llfree.compaction;

/** One allocated run the migrator named: its first frame and its order. */
record Run(long frame, int order) {
    long frames() {
        return 1L << order;
    }
}
