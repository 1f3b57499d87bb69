package dev.llfree.bench;

import dev.llfree.FrameAllocator;
import dev.llfree.bench.baseline.PmemObjAllocator;
import dev.llfree.pmemobj.PmemObj;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds {@link PmemObjAllocator}s over one libpmemobj pool on a temporary file, created at the first
 * build and deleted at {@link #close()}. The pool is reused across runs (each run leaves it empty, which
 * the bench checks) because pmemobj_create writes and flushes its heap metadata, hundreds of ms per GiB;
 * a build for more frames than the pool holds creates a bigger one.
 *
 * <p>Thread safety: one thread at a time.
 */
final class PmemObjPoolBuilder implements AllocatorFactory.Builder {
    private final Path path;
    private PmemObj pool;
    private long poolFrames;

    private PmemObjPoolBuilder(Path path) {
        this.path = path;
    }

    /** Pools on a fresh file in {@code dir} (a unique name, deleted at close). */
    static PmemObjPoolBuilder temporary(Path dir) throws IOException {
        Path file = Files.createTempFile(dir, "pmemobj-bench-", ".pool");
        Files.delete(file); // the name is ours; pmemobj_create creates the file
        return new PmemObjPoolBuilder(file);
    }

    @Override
    public FrameAllocator build(long frames, int cores) throws IOException {
        if (pool == null || frames > poolFrames) {
            close();
            pool = PmemObj.create(path, PmemObjAllocator.poolBytes(frames));
            poolFrames = frames;
        }
        return PmemObjAllocator.create(pool, frames, cores);
    }

    @Override
    public void close() throws IOException {
        if (pool != null) {
            pool.close();
            pool = null;
        }
        Files.deleteIfExists(path);
    }
}
