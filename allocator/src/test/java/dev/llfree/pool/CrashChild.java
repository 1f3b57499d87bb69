package dev.llfree.pool;

import dev.llfree.Durability;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;

/**
 * The victim of {@link PoolCrashTest}: opens a pool and gets and puts runs on it from several threads
 * until it is killed. All threads append to one log opened with O_APPEND, one write() per line, so
 * lines keep the order of the operations they record and a SIGKILL cuts at most the last one:
 * {@code thread G frame order} after a get returned, {@code thread P frame order} before a put starts.
 *
 * <p>Arguments: pool, log file, durability, threads, seed.
 */
public final class CrashChild {
    static final int[] ORDERS = {0, 0, 0, 1, 3, 9};
    static final int MAX_OWNED = 300;
    /** Operations each thread completes before the child reports ready, so every kill lands mid-churn. */
    static final int WARM_OPERATIONS = 200;

    private CrashChild() { }

    public static void main(String[] args) throws Exception {
        Path pool = Path.of(args[0]);
        Path log = Path.of(args[1]);
        Durability durability = Durability.parse(args[2]);
        int threads = Integer.parseInt(args[3]);
        long seed = Long.parseLong(args[4]);
        PoolAllocator allocator = LLFree.pool(pool).durability(durability).cores(threads).open();
        List<Thread> workers = new ArrayList<>();
        OutputStream appender = new FileOutputStream(log.toFile(), true);
        CountDownLatch warm = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int core = t;
            workers.add(Thread.ofPlatform().start(() -> churn(allocator, core, appender, new SplittableRandom(seed + core), warm)));
        }
        warm.await();
        System.out.println("ready");
        System.out.flush();
        for (Thread worker : workers) {
            worker.join();
        }
    }

    private static void churn(PoolAllocator allocator, int core, OutputStream log, SplittableRandom random,
                              CountDownLatch warm) {
        List<long[]> owned = new ArrayList<>();
        try {
            for (long operations = 0; ; operations++) {
                if (operations == WARM_OPERATIONS) {
                    warm.countDown();
                }
                if (owned.size() < MAX_OWNED && (owned.isEmpty() || random.nextInt(100) < 55)) {
                    int order = ORDERS[random.nextInt(ORDERS.length)];
                    long frame = allocator.get(core, order, order >= 9 ? Kind.HUGE : Kind.MOVABLE);
                    if (frame >= 0) {
                        owned.add(new long[] {frame, order});
                        write(log, core + " G " + frame + " " + order + "\n");
                    }
                } else {
                    long[] run = owned.remove(random.nextInt(owned.size()));
                    write(log, core + " P " + run[0] + " " + run[1] + "\n");
                    allocator.put(core, run[0], (int) run[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(OutputStream log, String line) throws IOException {
        log.write(line.getBytes(StandardCharsets.US_ASCII)); // one write(2): a kill cuts at most this line
    }
}
