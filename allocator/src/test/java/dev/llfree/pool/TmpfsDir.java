package dev.llfree.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh directory per test on tmpfs ({@code /dev/shm}, DRAM emulating persistent memory), or under
 * {@code -Dllfree.pmem.dir=/mnt/pmem} on real DAX persistent memory; deleted after the test.
 */
public final class TmpfsDir implements BeforeEachCallback, AfterEachCallback {
    private Path dir;

    public Path path() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        String configured = System.getProperty("llfree.pmem.dir");
        Path parent = configured != null ? Path.of(configured)
            : Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        dir = Files.createTempDirectory(parent, "llfree-test-");
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
