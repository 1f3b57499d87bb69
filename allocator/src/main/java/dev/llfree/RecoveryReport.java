package dev.llfree;

/**
 * What opening a pool found.
 *
 * @param clean          whether the pool had been closed cleanly (then nothing was scanned, unless a
 *                       rebuild was asked for)
 * @param childrenScanned 2 MiB children whose counters were rebuilt from the bitfields (0 when none were)
 * @param countersRepaired children whose stored counter disagreed with their bitfield
 * @param freeFrames     free frames after opening
 * @param hugeFrames     children allocated as huge (order 9 or half of order 10)
 * @param nanos          time the open's recovery step took
 * @param intentsCompleted get-to / put-from operations a crash cut short whose run recovery kept and
 *                       published in its destination
 * @param intentsUndone  such operations whose run recovery freed (or kept unpublished, for a refused put-from)
 */
public record RecoveryReport(boolean clean, long childrenScanned, long countersRepaired, long freeFrames,
                             long hugeFrames, long nanos, long intentsCompleted, long intentsUndone) {
    /**
     * This report with the intents recovery resolved.
     *
     * @param completed the new {@link #intentsCompleted()}
     * @param undone    the new {@link #intentsUndone()}
     * @return a copy of this report with those two figures replaced
     */
    public RecoveryReport withIntents(long completed, long undone) {
        return new RecoveryReport(clean, childrenScanned, countersRepaired, freeFrames, hugeFrames, nanos, completed, undone);
    }

    @Override
    public String toString() {
        if (clean && childrenScanned == 0) {
            return String.format("clean open: %d free frames, no scan (%.3f ms)", freeFrames, nanos / 1e6);
        }
        return String.format("%s: %d children scanned, %d counters repaired, %d free frames, %d huge frames,"
            + " %d get-to/put-from completed, %d undone, %.3f ms",
            clean ? "rebuilt on request after a clean close" : "recovered after a crash", childrenScanned,
            countersRepaired, freeFrames, hugeFrames, intentsCompleted, intentsUndone, nanos / 1e6);
    }
}
