package dev.llfree.bench;

import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code @TempDir(factory = ShmTempDir.class)}: a temporary directory where the bench puts its pools
 * ({@code /dev/shm} where it exists), so that libpmemobj's msyncs cost what they cost on tmpfs, not on disk.
 */
public final class ShmTempDir implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
        return Files.createTempDirectory(Allocators.defaultPoolDirectory(), "llfree-test-");
    }
}
