package dev.llfree.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Durability;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;
import dev.llfree.PoolInUseException;
import dev.llfree.inspect.PoolInspector;
import dev.llfree.pool.TmpfsDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pool keeps its lock while it is open, whatever else this process opens: a second open or an inspection of
 * the same file in this process is refused without opening a descriptor (closing one would drop the process's
 * POSIX lock), so another process is still refused afterwards.
 */
class PoolLockKeptTest {
    private static final long FRAMES = 16_384;

    @RegisterExtension
    final TmpfsDir tmp = new TmpfsDir();

    @Test
    void shouldKeepTheLockWhenThisProcessTriesToOpenOrInspectThePoolAgain() throws Exception {
        Path path = tmp.file("pool");
        try (PoolAllocator pool = LLFree.pool(path).frames(FRAMES).durability(Durability.MAPPED).create()) {
            PoolInUseException again = assertThrows(PoolInUseException.class, () -> LLFree.pool(path).open());
            assertTrue(again.getMessage().contains("this process"), again.getMessage());
            assertThrows(PoolInUseException.class, () -> PoolInspector.open(path));
            assertThrows(PoolInUseException.class, () -> LLFree.pool(path).durability(Durability.PMEM).open());
            assertEquals("in use", openInAnotherProcess(path), "another process must still be refused");
            pool.getOrThrow(0, 0, Kind.MOVABLE); // the pool still works
        }
        assertEquals("opened", openInAnotherProcess(path), "after the close the lock is gone");
        try (PoolInspector inspector = PoolInspector.open(path)) {
            assertThrows(PoolInUseException.class, () -> PoolInspector.open(path));
            assertThrows(PoolInUseException.class, () -> LLFree.pool(path).open());
            assertEquals("in use", openInAnotherProcess(path), "the inspector's shared lock is kept too");
            assertTrue(inspector.cleanFlag());
        }
    }

    /** Runs {@link OpenAndClose} in a child JVM: "opened" or "in use". */
    private static String openInAnotherProcess(Path path) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            OpenAndClose.class.getName(), path.toString())
            .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not end");
        return out;
    }

    /** The other process: opens the pool and closes it again, or reports it in use. */
    public static final class OpenAndClose {
        private OpenAndClose() { }

        public static void main(String[] args) throws IOException {
            try (PoolAllocator pool = LLFree.pool(Path.of(args[0])).durability(Durability.MAPPED).open()) {
                System.out.println(pool.frames() > 0 ? "opened" : "empty");
            } catch (PoolInUseException e) {
                System.out.println("in use");
            }
        }
    }
}
