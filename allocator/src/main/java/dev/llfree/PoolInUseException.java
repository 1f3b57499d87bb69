package dev.llfree;

import java.io.IOException;
import java.nio.file.Path;

/** Another process (or another open in this JVM) holds the pool's exclusive lock. The file is unchanged. */
public final class PoolInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * The pool at {@code path} is locked by another process (or another open in this JVM).
     *
     * @param path the pool file
     */
    public PoolInUseException(Path path) {
        this(path, "another process has it open");
    }

    /**
     * The pool at {@code path} is in use; {@code who} says who has it open.
     *
     * @param path the pool file
     * @param who  who has it open, for the message (e.g. {@code "this process has it open already"})
     */
    public PoolInUseException(Path path, String who) {
        super("pool " + path + ": in use (" + who + ")");
    }
}
