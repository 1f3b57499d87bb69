package dev.llfree;

/**
 * The caller's half of tracing (leak-free) recovery: it reports every run it can still reach from its roots,
 * reading the pool through {@code pool}. Recovery then makes exactly those runs allocated (Ralloc's "all and
 * only the in-use blocks"). A tracer must report each run once, with the order it was allocated with; it
 * may throw to abort recovery, which then has changed nothing.
 */
@FunctionalInterface
public interface Tracer {
    /**
     * Reports every run the caller still uses, each once, to {@code reachable}. Called once per
     * {@link PoolAllocator#recover}, on its thread, with no other thread using the pool.
     *
     * @param pool      what the tracer may read of the pool: its size, roots and data area (read-only)
     * @param reachable receives each reachable run with the order it was allocated with
     * @throws java.io.IOException to abort recovery (nothing is written then); the caller of
     *     {@link PoolAllocator#recover} gets it
     */
    void trace(PoolView pool, RunSink reachable) throws java.io.IOException;
}
