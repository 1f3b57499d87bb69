package dev.llfree.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Durability;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kills a {@link CrashChild} JVM with SIGKILL at random moments while it gets and puts on a pool, then
 * reopens the pool (recovery) and checks against the child's log: every run the child had been given
 * and had not started to put is allocated; {@code validate()} holds; no run was handed out twice; the
 * frames allocated beyond those are at most one run per thread (the operations in flight).
 *
 * <p>A SIGKILL loses no cache line, so this tests recovery and the log protocol, not the flushes (the
 * simulated persistence domain does that). Iterations per durability: {@code -Dcrash.iterations}
 * (default 2, CI); the long setting is e.g. {@code -Dcrash.iterations=1000}.
 */
class PoolCrashTest {
    private static final long FRAMES = 4 * 16384;
    private static final int THREADS = 2;
    private static final int ITERATIONS = Integer.getInteger("crash.iterations", 2);
    private static final long SEED = Long.getLong("crash.seed", System.nanoTime());

    @RegisterExtension
    final TmpfsDir tmp = new TmpfsDir();

    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"PMEM", "EADR", "MAPPED"})
    void shouldRecoverEveryRunTheChildOwnedAfterASigkill(Durability durability) throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < ITERATIONS; i++) {
            String where = "seed " + SEED + " iteration " + i + " " + durability;
            Path pool = tmp.file("pool-" + i);
            Path log = tmp.file("ops-" + i + ".log");
            LLFree.pool(pool).frames(FRAMES).durability(durability).create().close();
            runAndKill(pool, log, durability, random.nextLong(), 30 + random.nextInt(300), where);
            check(pool, log, durability, where);
        }
    }

    private static void runAndKill(Path pool, Path log, Durability durability, long seed, int millis, String where)
        throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            CrashChild.class.getName(), pool.toString(), log.toString(), durability.label(),
            Integer.toString(THREADS), Long.toString(seed))
            .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertEquals("ready", line, where + ": the child did not start");
            Thread.sleep(millis);
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), where);
        }
    }

    private static void check(Path pool, Path log, Durability durability, String where) throws IOException {
        BitSet expected = new BitSet();
        String[] lastOfThread = new String[THREADS];
        String text = Files.exists(log) ? Files.readString(log, StandardCharsets.US_ASCII) : "";
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        if (!text.endsWith("\n") && !lines.isEmpty()) {
            lines.removeLast(); // cut by the kill: that operation is in flight
        }
        long operations = 0;
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(" ");
            int from = Integer.parseInt(f[2]);
            int to = from + (1 << Integer.parseInt(f[3]));
            if (f[1].equals("G")) {
                assertTrue(expected.get(from, to).isEmpty(), where + ": run " + from + " handed out twice");
                expected.set(from, to);
            } else {
                expected.clear(from, to);
            }
            lastOfThread[Integer.parseInt(f[0])] = line;
            operations++;
        }
        BitSet pendingPuts = new BitSet();
        for (String last : lastOfThread) {
            if (last != null && last.contains(" P ")) {
                String[] f = last.split(" ");
                int from = Integer.parseInt(f[2]);
                pendingPuts.set(from, from + (1 << Integer.parseInt(f[3])));
            }
        }
        try (PoolAllocator reopened = LLFree.pool(pool).durability(durability).open()) {
            assertFalse(reopened.recovery().clean(), where);
            reopened.validate();
            for (int f = expected.nextSetBit(0); f >= 0; f = expected.nextSetBit(f + 1)) {
                assertFalse(reopened.isFree(f, 0), where + ": frame " + f + " was owned by the child but is free");
            }
            long allocated = reopened.frames() - reopened.freeFrames();
            long leaked = allocated - expected.cardinality() - pendingPuts.cardinality();
            assertTrue(leaked <= (long) THREADS << 9, where + ": " + leaked + " frames leaked, more than one run per thread");
            assertTrue(operations > 0, where + ": the child did no work before the kill");
        }
    }
}
