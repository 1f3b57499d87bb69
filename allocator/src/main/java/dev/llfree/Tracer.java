package dev.llfree;

/**
 * The caller's half of tracing (leak-free) recovery: it reports every run it can still reach from its roots,
 * reading the pool through {@code pool}. Recovery then makes exactly those runs allocated (Ralloc's "all and
 * only the in-use blocks"). A tracer must report each run once, with the order it was allocated with; it
 * may throw to abort recovery, which then has changed nothing.
 */
@FunctionalInterface
public interface Tracer {
    void trace(PoolView pool, RunSink reachable) throws java.io.IOException;
}
