package dev.llfree.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Durability;
import dev.llfree.FrameAllocator;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;
import dev.llfree.PoolInUseException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kept pool is opened anew for every run: an open that finds the pool held by someone else (such as an
 * {@code inspect} between two runs) waits for it, up to {@link LLFreePoolBuilder#BUSY_WAIT_MILLIS}.
 */
class LLFreePoolBuilderTest {
    private static final long FRAMES = FrameAllocator.HUGE_FRAMES * 4;

    @TempDir
    Path dir;

    @Test
    void shouldWaitForAPoolThatIsHeldForAMoment() throws Exception {
        Path path = dir.resolve("kept.pool");
        LLFreePoolBuilder builder = LLFreePoolBuilder.kept(path, Durability.MAPPED);
        PoolAllocator held = LLFree.pool(path).frames(FRAMES).durability(Durability.MAPPED).create();
        CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(200);
                held.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        try (FrameAllocator opened = builder.build(FRAMES, 1)) {
            assertEquals(FRAMES, opened.frames());
        }
        release.join();
    }

    @Test
    void shouldGiveUpOnAPoolThatStaysHeld() throws Exception {
        Path path = dir.resolve("held.pool");
        try (PoolAllocator held = LLFree.pool(path).frames(FRAMES).durability(Durability.MAPPED).create()) {
            long start = System.nanoTime();
            assertThrows(PoolInUseException.class, () -> LLFreePoolBuilder.kept(path, Durability.MAPPED).build(FRAMES, 1));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(LLFreePoolBuilder.BUSY_WAIT_MILLIS));
            assertEquals(FRAMES, held.frames(), "the holder keeps its pool");
        }
    }
}
