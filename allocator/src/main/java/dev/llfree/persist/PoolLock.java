package dev.llfree.persist;

import dev.llfree.PoolInUseException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;

/**
 * The shared lock of readers that must not run while a pool is open: an open {@link Pool} holds the
 * exclusive lock of its file, so neither can take the lock while the other holds it (in this JVM or
 * another process).
 */
public final class PoolLock {
    private PoolLock() { }

    /**
     * Takes the shared lock of the whole file through {@code channel} (opened for reading).
     *
     * @throws PoolInUseException if a process (or this JVM) holds the exclusive lock
     */
    public static FileLock shared(FileChannel channel, Path path) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock(0, Long.MAX_VALUE, true);
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new PoolInUseException(path);
        }
        return lock;
    }
}
