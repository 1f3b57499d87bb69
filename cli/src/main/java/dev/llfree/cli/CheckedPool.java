package dev.llfree.cli;

import dev.llfree.InvalidPoolException;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;
import dev.llfree.inspect.Consistency;
import dev.llfree.inspect.PoolInspector;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A pool opened by a command that changes it ({@code alloc}, {@code free}, {@code recover},
 * {@code verify --repair}), after a read-only check: a corrupt pool is refused before anything is
 * written, since opening runs recovery, which writes counters before it would find the corruption.
 *
 * @param pool   the open pool, with one reservation slot (core 0)
 * @param before the read-only check, made just before opening
 */
record CheckedPool(PoolAllocator pool, Consistency before) implements AutoCloseable {
    /**
     * Checks the pool read-only, then opens it.
     *
     * @param rebuild whether the open rebuilds the counters from the bitfields even after a clean close
     * @throws InvalidPoolException if the pool is invalid or corrupt (it is left unchanged)
     */
    static CheckedPool open(Path path, boolean rebuild) throws IOException {
        return open(path, rebuild, false);
    }

    /**
     * As {@link #open(Path, boolean)}; {@code acceptCorruption}: a pool whose metadata changed while it was closed
     * is rebuilt from its bitfields instead of refused (the open refuses it otherwise, unchanged).
     */
    static CheckedPool open(Path path, boolean rebuild, boolean acceptCorruption) throws IOException {
        Consistency before;
        try (PoolInspector inspector = PoolInspector.open(path)) {
            before = inspector.consistency();
        }
        if (before.corruptChildren() > 0) {
            String first = before.problems().stream().filter(Consistency.Problem::corrupt)
                    .findFirst().map(Consistency.Problem::message).orElse("see 'llfree verify'");
            throw new InvalidPoolException(path, "corrupt metadata: " + first
                    + " (nothing was changed; 'llfree verify' lists every problem)");
        }
        return new CheckedPool(LLFree.pool(path).cores(1).rebuild(rebuild).acceptCorruption(acceptCorruption).open(),
                before);
    }

    /** The clean close: every change is durable when it returns. */
    @Override
    public void close() {
        pool.close();
    }
}
