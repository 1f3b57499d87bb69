package dev.llfree.core.persist;

/**
 * Every place where a metadata store is made durable, by name: each {@link Persistence} call names its site,
 * so that tests can count the calls per site and a simulated persistence domain can lose exactly one site's
 * flushes (the negative controls of the crash enumeration).
 */
public enum PersistSite {
    /** A small get's bitfield row, before it returns. */
    GET_ROW,
    /** A huge get's child line (the huge flags), before it returns. */
    GET_HUGE,
    /** A batch get's bitfield rows, one flush per row, one drain per batch. */
    BATCH_GET_ROW,
    /** A batch get's child lines of huge runs. */
    BATCH_GET_HUGE,
    /** A small put's cleared bits, before the frames go back to the counters. */
    PUT_ROW,
    /** A huge put's cleared flags, before the frames go back to the counters. */
    PUT_HUGE,
    /** A batch put's lines, each after its last change; one drain per batch. */
    BATCH_PUT_LINE,
    /** A giant get's 16 child lines with the giant flags, before the commit. */
    GIANT_MARK,
    /** A giant get's commit: the giant bit. */
    GIANT_COMMIT,
    /** A giant put's cleared giant bit, before the children are released. */
    GIANT_UNCOMMIT,
    /** A held get's bits or huge flags (get-to's claim). */
    HELD_CLAIM,
    /** A held put's cleared bits or flags (put-from). */
    HELD_CLEAR,
    /** An intent slot bound to a run and a destination. */
    INTENT_BIND,
    /** An intent slot whose run is left to be freed later. */
    INTENT_RELEASING,
    /** An intent slot freed. */
    INTENT_FREE,
    /** A destination of get-to or put-from (a root slot or a data-area long). */
    DESTINATION,
    /** A root slot stored by the user. */
    ROOT,
    /** A new pool file's metadata, then its magic. */
    CREATE,
    /** The cleared clean flag of an open. */
    OPEN,
    /** The counters, checksum and clean flag of a clean close, or a user's sync. */
    CLOSE,
    /** Counters rebuilt by recovery, and the intents it resolved. */
    RECOVERY,
    /** The phases of tracing recovery. */
    TRACE
}
