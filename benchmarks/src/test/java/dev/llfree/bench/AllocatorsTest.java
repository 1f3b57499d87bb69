package dev.llfree.bench;

import dev.llfree.Durability;
import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.pmemobj.PmemObj;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Selecting allocators by name, and the pool files the persistent ones leave behind (none). */
class AllocatorsTest {
    @TempDir(factory = ShmTempDir.class)
    Path dir;

    @Test
    void shouldListLLFreeOncePerDurabilityThenTheBaselinesInTheOrderNamed() throws IOException {
        Allocators.Selection selection = Allocators.select(List.of("buddy", "llfree", "buddy", "pmemobj"),
                List.of(Durability.VOLATILE, Durability.MAPPED), dir.resolve("kept.pool"));
        try {
            String pmemobj = PmemObj.isAvailable() ? "pmemobj/" + (PmemObj.isPmemForced() ? "pmem" : "mapped") : null;
            List<String> expected = Stream.of("buddy/volatile", "llfree/volatile", "llfree/mapped", pmemobj)
                    .filter(Objects::nonNull).toList();
            assertEquals(expected, selection.factories().stream().map(AllocatorFactory::label).toList());
            assertEquals(!PmemObj.isAvailable() || !PmemObj.isPmemForced(), selection.warnings().stream()
                    .anyMatch(w -> w.startsWith("PMEM_IS_PMEM_FORCE=1 is not set") || w.startsWith("skipping pmemobj")),
                    selection.warnings().toString());
        } finally {
            for (AllocatorFactory factory : selection.factories()) {
                factory.close();
            }
        }
    }

    @Test
    void shouldRejectUnknownNames() {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> Allocators.select(List.of("tcmalloc"), List.of(Durability.VOLATILE), null));

        assertEquals("allocator: 'tcmalloc' (expected one of: llfree, buddy, pmemobj)", name.getMessage());
    }

    @Test
    void shouldRunAutoAsWhatThePoolDirectoryResolvesItToAndSaySo() throws IOException {
        Allocators.Selection selection = Allocators.select(List.of("llfree"), List.of(Durability.AUTO), dir.resolve("auto.pool"));
        try {
            String label = selection.factories().getFirst().label();
            assertTrue(List.of("llfree/pmem", "llfree/eadr", "llfree/mapped").contains(label), label);
            assertTrue(selection.warnings().stream().anyMatch(w -> w.startsWith("durability auto: llfree runs as " + label)),
                    selection.warnings().toString());
        } finally {
            for (AllocatorFactory factory : selection.factories()) {
                factory.close();
            }
        }
    }

    @Test
    void shouldCreateATemporaryPoolPerRunAndDeleteItAtClose() throws IOException {
        try (AllocatorFactory factory = Allocators.llfree(Durability.MAPPED, null, dir)) {
            for (int run = 0; run < 2; run++) {
                try (FrameAllocator allocator = factory.create(1024, 1)) {
                    allocator.put(0, allocator.getOrThrow(0, 0, Kind.MOVABLE), 0);
                    assertEquals(1, files());
                }
            }
        }
        assertEquals(0, files());
    }

    @Test
    void shouldKeepANamedPoolAndReopenItWithItsFrames() throws IOException {
        Path pool = dir.resolve("kept.pool");
        try (AllocatorFactory factory = Allocators.llfree(Durability.MAPPED, pool, dir)) {
            factory.create(2048, 1).close();
            factory.create(2048, 1).close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> factory.create(1024, 1));
            assertTrue(e.getMessage().endsWith("has 2048 frames (expected: 1024)"), e.getMessage());
        }
        assertTrue(Files.exists(pool));
        assertEquals(2048, Allocators.poolFrames(pool));
    }

    private long files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
