package dev.llfree.compaction;

import dev.llfree.FrameAllocator;
import dev.llfree.core.upper.LLFreeAllocator;

/**
 * Moves allocated frames so that whole huge (2 MiB) frames become free again.
 *
 * <pre>{@code
 * CompactionReport r = new Compactor(Strategy.named("sparsest-first"))
 *     .compact(allocator, migrator, Goal.hugeFrames(16));
 * }</pre>
 *
 * Online: compaction may run while other threads get and put. The child being emptied is marked
 * evacuating in its child entry, so gets place nothing new in it; the mark is cleared when the child is
 * done, whether it was emptied or given up. Which frames may move, and where their references are, is
 * the {@link Migrator}'s business.
 *
 * <p>Thread safety: a compactor is immutable; {@link #compact} may run on any thread, concurrently with
 * gets and puts, and with other compactions (a child is emptied by one compaction at a time).
 */
public final class Compactor {
    private final Strategy strategy;

    /**
     * A compactor that runs {@code strategy}.
     *
     * @param strategy what every {@link #compact} runs, e.g. {@link Strategy#named Strategy.named("linux")}
     */
    public Compactor(Strategy strategy) {
        this.strategy = strategy;
    }

    /**
     * The strategy it runs.
     *
     * @return the strategy given to the constructor
     */
    public Strategy strategy() {
        return strategy;
    }

    /**
     * {@link #compact(int, FrameAllocator, Migrator, Goal)} on the calling thread's reservation slot.
     *
     * @param allocator the allocator to compact: one built by {@link dev.llfree.LLFree}, volatile or a pool
     * @param migrator  names the caller's runs, refuses pinned ones and moves the rest
     * @param goal      when to stop
     * @return what the compaction did
     * @throws IllegalArgumentException if the allocator is not an LLFree allocator or pool
     * @throws RuntimeException what the migrator throws, as for {@link #compact(int, FrameAllocator, Migrator, Goal)}
     */
    public CompactionReport compact(FrameAllocator allocator, Migrator migrator, Goal goal) {
        return compact(FrameAllocator.threadCore(), allocator, migrator, goal);
    }

    /**
     * Compacts until {@code goal} is reached or the strategy finds nothing more to do.
     *
     * @param core      the reservation slot the compactor's puts use: any int
     * @param allocator the allocator to compact: one built by {@link dev.llfree.LLFree}, volatile or a pool
     * @param migrator  names the caller's runs, refuses pinned ones and moves the rest; called on this thread only
     * @param goal      when to stop
     * @return what the compaction did: huge frames cleared, frames and runs moved, children given up, time
     * @throws IllegalArgumentException if the allocator is not an LLFree allocator or pool
     * @throws RuntimeException what the migrator throws; the child being emptied is unmarked and the
     *     target of the failed move freed, moves done before stay done
     */
    public CompactionReport compact(int core, FrameAllocator allocator, Migrator migrator, Goal goal) {
        Session session = new Session(LLFreeAllocator.of(allocator), migrator, goal, core);
        long start = System.nanoTime();
        strategy.run(session);
        return session.report(strategy.name(), System.nanoTime() - start);
    }
}
