package dev.llfree.file;

import dev.llfree.PoolInUseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pool files this process has open, by file identity (device and inode): a second open of one of them in this
 * process is refused <em>before</em> it opens a descriptor. On Linux, closing any descriptor of a file drops every
 * lock this process holds on it (POSIX record locks are per process and file), so a refused second open that
 * closed its own descriptor would silently unlock the first: another process could then open the pool while it is
 * still in use, or replace the file.
 *
 * <p>Thread safety: the registry is a concurrent set; {@link #register} is atomic per file.
 */
final class OpenPools {
    private static final Set<Object> OPEN = ConcurrentHashMap.newKeySet();

    private OpenPools() { }

    /**
     * Registers {@code path}'s file as open in this process.
     *
     * @return the registration, to {@link Registration#close() close} when the file is closed
     * @throws PoolInUseException if this process has the file open already (nothing was opened)
     * @throws IOException if the file cannot be read (e.g. it does not exist)
     */
    static Registration register(Path path) throws IOException {
        Object key = identity(path);
        if (!OPEN.add(key)) {
            throw new PoolInUseException(path, "this process has it open already");
        }
        return new Registration(key);
    }

    /** The file's identity: device and inode where the file system has them, else its real path. */
    private static Object identity(Path path) throws IOException {
        Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        return key != null ? key : path.toRealPath();
    }

    /** One file registered as open; closing it unregisters the file (idempotent). */
    static final class Registration implements AutoCloseable {
        private final Object key;
        private boolean closed;

        private Registration(Object key) {
            this.key = key;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                OPEN.remove(key);
            }
        }
    }
}
