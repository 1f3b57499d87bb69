package dev.llfree.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Durability;
import dev.llfree.FrameAllocator;
import dev.llfree.InvalidPoolException;
import dev.llfree.Kind;
import dev.llfree.core.Geometry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pool fuzzing: valid pool files (clean and crashed, with and without a data area, after gets of
 * orders 0, 3, 9 and 10) are mutated ({@link PoolMutator}) and opened in this JVM with every file
 * durability that flushes differently (PMEM, MAPPED); two bases hold a giant (1 GiB) frame. Each open must end in one of two ways:
 * <ul>
 *   <li>an {@link InvalidPoolException}, and the file byte-for-byte unchanged;</li>
 *   <li>an open after which {@code validate()} holds and the pool works: every free frame can be got
 *       (each in range, none twice, as many as {@code freeFrames()} said), put back, and validated.</li>
 * </ul>
 * Anything else (another exception, a changed refused file, a JVM crash) is a failure, reported with
 * the seed, the case and the mutation. Cases: {@code -Dfuzz.cases} (default 1000, CI; long run
 * 100000), seed {@code -Dfuzz.seed} (a run is deterministic for its seed).
 */
class PoolFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    private static final int CASES = Integer.getInteger("fuzz.cases", 1000);
    private static final Durability[] DURABILITIES = {Durability.PMEM, Durability.MAPPED};
    /** One whole 1 GiB region (a giant frame is got first), a tree and a partial child. */
    private static final long GIANT_POOL = FrameAllocator.GIANT_FRAMES + Geometry.TREE_FRAMES + 300;

    @RegisterExtension
    final TmpfsDir tmp = new TmpfsDir();

    /** A valid pool file to mutate. */
    private record Base(String name, byte[] bytes) { }

    @Test
    void shouldOpenEveryMutatedPoolCleanlyOrRefuseItUnchanged() throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        List<Base> bases = List.of(
            base("small-clean", 3 * 512 + 100, false, true, random),
            base("small-crashed", 3 * 512 + 100, false, false, random),
            base("two-trees-crashed", 16384 + 700, false, false, random),
            base("data-clean", 600, true, true, random),
            base("giant-clean", GIANT_POOL, false, true, random),
            base("giant-crashed", GIANT_POOL, false, false, random));
        Path file = tmp.file("case");
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, String> firstFailures = new TreeMap<>();
        long start = System.nanoTime();
        for (int c = 0; c < CASES; c++) {
            Base base = bases.get(random.nextInt(bases.size()));
            PoolMutator.Mutant mutant = PoolMutator.mutate(base.bytes(), random);
            for (Durability durability : DURABILITIES) {
                try {
                    outcomes.merge(open(file, mutant.bytes(), durability), 1, Integer::sum);
                } catch (Exception | Error e) { // an InternalError from a fault in a mapping is a failure too
                    String kind = "FAILED: " + e.getClass().getSimpleName() + ": " + kind(String.valueOf(e.getMessage()));
                    outcomes.merge(kind, 1, Integer::sum);
                    firstFailures.putIfAbsent(kind, "fuzz.seed=" + SEED + " case " + c + " (" + base.name() + ", "
                        + durability.label() + "): " + mutant.description() + ": " + e);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int failed = firstFailures.keySet().stream().mapToInt(outcomes::get).sum();
        System.out.printf("pool fuzzing, fuzz.seed=%d: %d cases x %d durabilities in %.1f s (%.0f opens/s), %d failures%n",
            SEED, CASES, DURABILITIES.length, seconds, CASES * DURABILITIES.length / seconds, failed);
        outcomes.forEach((outcome, n) -> System.out.printf("  %7d  %s%n", n, outcome));
        assertEquals(0, failed, () -> failed + " failing opens; the first of each kind:\n"
            + String.join("\n", firstFailures.values()));
        assertTrue(outcomes.containsKey("opened clean") && outcomes.containsKey("opened after recovery"),
            "the mutants never reach a successful open: " + outcomes);
    }

    /** Creates a pool, gets about half its frames in runs of mixed orders, then closes it cleanly or abandons it. */
    private Base base(String name, long frames, boolean data, boolean clean, SplittableRandom random) throws IOException {
        Path path = tmp.file(name);
        Pool pool = Pool.create(path, frames, data, Durability.MAPPED, 2);
        int[] orders = {0, 0, 3, 9, 10};
        if (frames >= FrameAllocator.GIANT_FRAMES) {
            pool.getOrThrow(0, FrameAllocator.GIANT_ORDER, Kind.HUGE);
        }
        long target = pool.freeFrames() / 2;
        for (int misses = 0; pool.freeFrames() > target && misses < 20; ) {
            int order = orders[random.nextInt(orders.length)];
            misses += pool.get(random.nextInt(2), order, order >= 9 ? Kind.HUGE : Kind.MOVABLE) < 0 ? 1 : 0;
        }
        if (clean) {
            pool.close();
        } else {
            pool.abandon();
        }
        return new Base(name, Files.readAllBytes(path));
    }

    /** Opens the mutant; returns the outcome, or throws if it is not one of the two allowed. */
    private static String open(Path file, byte[] bytes, Durability durability) throws IOException {
        Files.write(file, bytes);
        try {
            Pool pool = Pool.open(file, durability, 2);
            try (pool) {
                pool.validate();
                exercise(pool);
            }
            return pool.recovery().clean() ? "opened clean" : "opened after recovery";
        } catch (InvalidPoolException e) {
            if (!Arrays.equals(bytes, Files.readAllBytes(file))) {
                throw new AssertionError("refused, but the file changed: " + e.getMessage(), e);
            }
            return "refused: " + kind(e.getMessage());
        }
    }

    /** Gets every free frame (in range, none twice, as many as counted), puts them all back, validates. */
    private static void exercise(Pool pool) {
        long free = pool.freeFrames();
        BitSet got = new BitSet();
        long[] batch = new long[512];
        for (int n; (n = pool.getBatch(0, 0, Kind.MOVABLE, batch, 0, batch.length)) > 0; ) {
            for (int i = 0; i < n; i++) {
                if (batch[i] < 0 || batch[i] >= pool.frames() || got.get((int) batch[i])) {
                    throw new AssertionError("get handed out frame " + batch[i] + " of " + pool.frames()
                        + (batch[i] >= 0 && batch[i] < pool.frames() ? ", twice" : ", out of range"));
                }
                got.set((int) batch[i]);
            }
        }
        if (got.cardinality() != free) {
            throw new AssertionError("got " + got.cardinality() + " frames, but freeFrames() was " + free);
        }
        long[] frames = got.stream().asLongStream().toArray();
        for (int i = 0; i < frames.length; i += batch.length) {
            pool.putBatch(1, 0, frames, i, Math.min(batch.length, frames.length - i));
        }
        pool.validate();
    }

    /** What kind of refusal or failure a message tells: without the path, numbers and bracketed details. */
    private static String kind(String message) {
        String kind = message.replaceAll("pool \\S+: ", "").replaceAll("\\([^)]*\\)|\\{[^}]*}", "")
            .replaceAll("0x[0-9a-f]+|-?\\d+", "N").replaceAll("\\s+", " ").trim();
        return kind.length() > 80 ? kind.substring(0, 80) + "..." : kind;
    }
}
