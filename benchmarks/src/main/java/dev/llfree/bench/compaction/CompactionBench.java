package dev.llfree.bench.compaction;

import dev.llfree.FrameAllocator;
import dev.llfree.compaction.CompactionReport;
import dev.llfree.compaction.Compactor;
import dev.llfree.compaction.LowerBound;
import dev.llfree.compaction.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs {@code bench compaction}: for each pinned share, churns a fresh allocator into the same snapshot
 * once per strategy (the churn is deterministic; the lower bound, computed on each, must agree),
 * compacts it towards the goal, and checks the allocator afterwards.
 *
 * <p>Thread safety: not thread-safe; runs on the calling thread.
 */
public final class CompactionBench {
    private final CompactionConfig config;

    public CompactionBench(CompactionConfig config) {
        this.config = config;
    }

    /**
     * @param onResult sees each result as soon as it is measured
     * @return every result, by pinned share, then strategy
     * @throws IllegalStateException if two snapshots differ or a compaction leaves the allocator inconsistent
     */
    public List<CompactionResult> run(Consumer<CompactionResult> onResult) {
        List<CompactionResult> results = new ArrayList<>();
        for (int pinned : config.pinnedPercents()) {
            String snapshot = null;
            for (Strategy strategy : config.strategies()) {
                try (ChurnedMemory memory = ChurnedMemory.churn(config.frames(), config.cores(), config.churnRounds(),
                        pinned, config.seed())) {
                    LowerBound bound = LowerBound.of(memory.allocator(), memory.table());
                    if (snapshot != null && !snapshot.equals(bound.toString())) {
                        throw new IllegalStateException("snapshots differ: " + snapshot + " vs " + bound);
                    }
                    snapshot = bound.toString();
                    CompactionResult result = compact(memory, strategy, bound, pinned);
                    results.add(result);
                    onResult.accept(result);
                }
            }
        }
        return results;
    }

    private CompactionResult compact(ChurnedMemory memory, Strategy strategy, LowerBound bound, int pinned) {
        FrameAllocator allocator = memory.allocator();
        long hugeBefore = allocator.freeHugeFrames();
        CompactionReport report = new Compactor(strategy).compact(0, allocator, memory.table(), config.goal());
        allocator.validate();
        if (allocator.freeHugeFrames() - hugeBefore != report.hugeCleared()) {
            throw new IllegalStateException(strategy + ": reported " + report.hugeCleared() + " cleared huge frames, but "
                + (allocator.freeHugeFrames() - hugeBefore) + " more are free");
        }
        return new CompactionResult(strategy.name(), pinned, config.churnRounds(), report.hugeCleared(),
            report.framesMoved(), bound.moves(report.hugeCleared()), bound.clearable(), report.refused(),
            report.wallNanos() / 1e6);
    }
}
