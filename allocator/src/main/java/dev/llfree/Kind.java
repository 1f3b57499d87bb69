package dev.llfree;

/**
 * What a frame will be used for. Each kind has its own per-core reservation and its own trees, so
 * unmovable frames do not scatter across memory that compaction could otherwise empty, and huge
 * allocations find whole free 2 MiB children instead of partly used ones.
 */
public enum Kind {
    /** Frames whose content can be migrated (compaction may move them). The default. */
    MOVABLE,
    /** Frames that must stay where they are (pinned, DMA, kernel-like data). */
    FIXED,
    /** Huge frames (orders 9 and 10), taken from trees reserved for huge allocations. */
    HUGE;

    private static final Kind[] VALUES = values();

    /** Number of kinds; reservations are kept per core and per kind. */
    public static final int COUNT = VALUES.length;

    /**
     * The kind with the given {@link #ordinal()}; no allocation.
     *
     * @param ordinal the kind's ordinal, {@code 0..COUNT-1}
     * @return the kind
     * @throws IllegalArgumentException if {@code ordinal} is out of range
     */
    public static Kind of(int ordinal) {
        if (ordinal < 0 || ordinal >= COUNT) {
            throw new IllegalArgumentException("kind ordinal " + ordinal + " is not in 0.." + (COUNT - 1));
        }
        return VALUES[ordinal];
    }
}
