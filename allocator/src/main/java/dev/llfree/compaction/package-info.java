/**
 * Compaction: moves allocated frames so that whole huge (2 MiB) frames become free again.
 *
 * <p>{@link dev.llfree.compaction.Compactor} runs a {@link dev.llfree.compaction.Strategy}
 * ({@code linux}, {@code sparsest-first}, {@code tree-local}) towards a {@link dev.llfree.compaction.Goal};
 * the caller's {@link dev.llfree.compaction.Migrator} names the runs, refuses pinned ones and moves
 * the rest; {@link dev.llfree.compaction.LowerBound} is the offline bound the results are measured
 * against; {@link dev.llfree.compaction.CompactionReport} holds the figures of one run.
 */
package dev.llfree.compaction;

