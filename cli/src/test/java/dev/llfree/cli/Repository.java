package dev.llfree.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in. */
final class Repository {
    private Repository() { }

    /** The directory holding {@code .ci}, above the module's working directory. */
    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(".ci"))) {
                return p;
            }
        }
        throw new AssertionError("no .ci directory above " + Path.of("").toAbsolutePath());
    }
}
