package dev.llfree;

import java.io.IOException;
import java.nio.file.Path;

/** Another process (or another open in this JVM) holds the pool's exclusive lock. The file is unchanged. */
public final class PoolInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    public PoolInUseException(Path path) {
        super("pool " + path + ": in use (another process has it open)");
    }
}
