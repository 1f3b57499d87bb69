package dev.llfree.cli;

import dev.llfree.bench.Allocators;

import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code @TempDir(factory = ShmDir.class)}: a temporary directory on tmpfs ({@code /dev/shm}) where it exists, as pools use. */
public final class ShmDir implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
        return Files.createTempDirectory(Allocators.defaultPoolDirectory(), "llfree-test-");
    }
}
