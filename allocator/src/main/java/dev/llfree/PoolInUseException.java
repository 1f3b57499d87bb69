package dev.llfree;

import java.io.IOException;
import java.nio.file.Path;

/** Another process (or another open in this JVM) holds the pool's exclusive lock. The file is unchanged. */
public final class PoolInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    public PoolInUseException(Path path) {
        this(path, "another process has it open");
    }

    /** {@code who} says who has it open. */
    public PoolInUseException(Path path, String who) {
        super("pool " + path + ": in use (" + who + ")");
    }
}
