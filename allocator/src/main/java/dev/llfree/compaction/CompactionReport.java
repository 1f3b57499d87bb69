package dev.llfree.compaction;

/**
 * What one compaction did.
 *
 * @param strategy       the strategy's name
 * @param goal           the goal it ran for
 * @param hugeCleared    huge (2 MiB) frames it made wholly free
 * @param framesMoved    frames moved (a run of order k counts 2^k)
 * @param runsMoved      runs moved
 * @param refused        children given up because the migrator reported a run pinned or refused a move
 * @param gone           moves that found the run already freed by its owner
 * @param failedChildren children whose evacuation stopped early (refused, no target, or runs that did not settle)
 * @param wallNanos      wall time
 */
public record CompactionReport(String strategy, Goal goal, long hugeCleared, long framesMoved, long runsMoved,
                               long refused, long gone, long failedChildren, long wallNanos) {

    /**
     * Frames moved per cleared huge frame ({@code NaN} if none was cleared).
     *
     * @return {@code framesMoved / hugeCleared}, or {@code NaN} when {@code hugeCleared} is 0; compare with
     *     {@link LowerBound#moves} of {@code hugeCleared}, divided the same way
     */
    public double movesPerClearedHuge() {
        return hugeCleared == 0 ? Double.NaN : (double) framesMoved / hugeCleared;
    }

    @Override
    public String toString() {
        return String.format("%s (goal %s): %d huge frames cleared, %d frames moved (%.1f per huge frame), %d refused,"
            + " %d gone, %d children given up, %.1f ms", strategy, goal, hugeCleared, framesMoved, movesPerClearedHuge(),
            refused, gone, failedChildren, wallNanos / 1e6);
    }
}
