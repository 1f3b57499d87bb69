package dev.llfree;

import java.io.IOException;
import java.nio.file.Path;

/** The file is not a pool this build can open (magic, version, checksum, geometry, length). The file is unchanged. */
public final class InvalidPoolException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * The file at {@code path} is not a valid pool.
     *
     * @param path    the file
     * @param problem what is wrong with it, for the message
     */
    public InvalidPoolException(Path path, String problem) {
        super("pool " + path + ": " + problem);
    }
}
