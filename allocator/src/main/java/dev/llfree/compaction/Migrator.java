package dev.llfree.compaction;

/**
 * The caller's side of compaction. The allocator knows which frames are allocated, but not who owns
 * them, in which runs, or whether they may move: the migrator does. The compactor finds allocated
 * frames in the bitfields, asks the migrator which run starts there and whether it is pinned, takes a
 * target run from the allocator, and asks the migrator to move the run there.
 *
 * <p>A move is one switch of ownership: {@link Outcome#MOVED} means the caller now uses {@code to}
 * (content copied, every reference switched) and gives {@code from} to the compactor, which frees it.
 * Any other outcome leaves the caller on {@code from}, and the compactor frees {@code to}.
 *
 * <p>Thread safety: the compactor calls the migrator from its own thread while the caller's threads may
 * get and put. The caller must order a move against its own put of the same run (for example with a CAS
 * on the run's handle): if its put wins, {@link #move} returns {@link Outcome#GONE}; if the move wins,
 * the caller frees the run at {@code to} later. Frames of kind {@link dev.llfree.Kind#FIXED} must be
 * reported {@link #pinned}: the allocator does not record a frame's kind, so the migrator is the
 * authority on what may move.
 */
public interface Migrator {
    /** Returned by {@link #order} for a frame that starts no run the caller knows of. */
    int UNKNOWN = -1;

    /**
     * The order of the caller's run that starts at {@code frame}, a frame the compactor found allocated;
     * {@link #UNKNOWN} if no known run starts there (the frame lies inside a run, or its get or put is in
     * flight). An unknown frame is not moved; its child is not cleared unless the frame goes away.
     *
     * @param frame an allocated frame, in a 2 MiB child that is not allocated whole
     * @return the order of the run that starts at {@code frame}, or {@link #UNKNOWN}; compaction moves runs of
     *     orders 0..8 only, so it treats a larger order, or a run not aligned to its order, as unknown
     */
    int order(long frame);

    /**
     * Whether the run at {@code frame} must stay where it is (pinned, or of kind {@code FIXED}).
     *
     * @param frame the first frame of a run, for which {@link #order} did not return {@link #UNKNOWN}
     * @return true if the run must not move: its child is given up
     */
    boolean pinned(long frame);

    /**
     * Moves the run of {@code 2^order} frames at {@code from} to the allocated, unused run at {@code to}.
     * Must return {@link Outcome#GONE} unless {@code from} still starts a live run of exactly this order.
     *
     * @param from  the first frame of the run to move, as {@link #order} reported it
     * @param to    the first frame of the target run, allocated by the compactor for this move (same order)
     * @param order the run is {@code 2^order} frames ({@code 0..8}), the order {@link #order} returned for {@code from}
     * @return what happened; see {@link Outcome}
     */
    Outcome move(long from, long to, int order);

    /** The result of one {@link #move}. */
    enum Outcome {
        /** The caller now uses {@code to}; the compactor frees {@code from}. */
        MOVED,
        /** The run must not move (pinned meanwhile); nothing changed; the compactor frees {@code to}. */
        REFUSED,
        /** The run at {@code from} was freed by its owner (or replaced); the compactor frees {@code to}. */
        GONE
    }
}
