package dev.llfree.core.upper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.Stats;
import dev.llfree.core.Geometry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Concurrency stress tests of the whole allocator: threads started on one barrier get and put runs
 * of mixed orders and kinds, then the test checks that no frame was handed to two owners (a bitmap
 * over every frame of every run, checked live and again at the end), that {@code validate()} holds
 * (every counter equals the bitfield recount), that {@code freeFrames()} equals the frames not
 * owned, and that freeing everything restores exactly the initial state.
 *
 * <p>Runs in the normal suite with a short default (about 20 s on 2 cores). The long setting, for
 * nightly runs or after touching a CAS protocol:
 * <pre>
 * mvn -pl native-bindings,allocator test -Dtest=AllocatorStressTest -Dstress.threads=8 -Dstress.ops=20000000 -Dstress.fillScale=50
 * </pre>
 * System properties:
 * <ul>
 *   <li>{@code stress.threads} (default 4, deliberately more than the 2 cores of the development
 *       machine so that threads are preempted inside multi-step operations);</li>
 *   <li>{@code stress.ops}: operations per thread of the mixed and batched cases (default 200000;
 *       the contended case runs the same number of frames through its queue);</li>
 *   <li>{@code stress.fillScale}: multiplies the rounds of the fill cases (default 1);</li>
 *   <li>{@code stress.seed}: base seed (default: random); each thread's {@link SplittableRandom} is
 *       seeded {@code base + thread}. Every assertion message names the base seed.</li>
 * </ul>
 */
class AllocatorStressTest {
    private static final int THREADS = Integer.getInteger("stress.threads", 4);
    private static final long OPS = Long.getLong("stress.ops", 200_000);
    /** Multiplies the rounds of the fill cases (default 1). */
    private static final int FILL_SCALE = Integer.getInteger("stress.fillScale", 1);
    static final long BASE_SEED = Long.getLong("stress.seed", new SplittableRandom().nextLong());

    /** Orders the mixed cases draw from (0..6 in one word, 7 and 8 across words, 9 and 10 on child entries). */
    private static final int[] ORDERS = {0, 1, 3, 6, 7, 8, 9, 10};
    private static final int[] BATCH_ORDERS = {0, 1, 3, 6, 7, 8, 9};

    /** Three whole trees, five whole children and a partial child: nothing divides evenly. */
    private static final long UNEVEN_FRAMES = 3L * Geometry.TREE_FRAMES + 5L * Geometry.CHILD_FRAMES + 77;
    /** Three trees and five children: a multiple of 2 MiB that does not fill its last tree. */
    private static final long UNEVEN_HUGE_FRAMES = 3L * Geometry.TREE_FRAMES + 5L * Geometry.CHILD_FRAMES;

    static String seed() {
        return "seed=" + BASE_SEED + " (rerun with -Dstress.seed=" + BASE_SEED + ")";
    }

    // ------------------------------------------------------------------------------------- mixed

    @ParameterizedTest(name = "slots shared by two threads: {0}")
    @ValueSource(booleans = {false, true})
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldNeverHandOutAFrameTwiceWhenThreadsMixOrdersAndKinds(boolean shared) throws Exception {
        int cores = shared ? Math.max(1, THREADS / 2) : THREADS;
        try (FrameAllocator alloc = LLFree.volatileFrames(UNEVEN_FRAMES + 4L * Geometry.TREE_FRAMES).cores(cores).build()) {
            long initialHuge = alloc.freeHugeFrames();
            Ownership live = new Ownership(alloc.frames());
            // Together the threads want more than there is, so out-of-memory and stealing happen too.
            long cap = alloc.frames() * 11 / 10 / THREADS;
            Owned[] owned = new Owned[THREADS];
            parallel(THREADS, t -> {
                SplittableRandom rnd = new SplittableRandom(BASE_SEED + t);
                Owned mine = owned[t] = new Owned();
                int core = t < cores ? t : t % cores; // shared: threads t and t + cores pass the same core id
                for (long op = 0; op < OPS; op++) {
                    boolean get = mine.frames < cap ? rnd.nextInt(100) < 60 : rnd.nextInt(100) < 20;
                    if (get || mine.size == 0) {
                        int order = ORDERS[rnd.nextInt(ORDERS.length)];
                        long frame = alloc.get(core, order, kindFor(order, rnd));
                        if (frame >= 0) {
                            checkRun(alloc, frame, order, "thread " + t + " op " + op);
                            live.acquire(frame, order, t, op);
                            mine.add(frame, order);
                        }
                    } else {
                        long run = mine.removeAt(rnd.nextInt(mine.size));
                        live.release(Owned.frame(run), Owned.order(run), t, op);
                        alloc.put(core, Owned.frame(run), Owned.order(run));
                    }
                }
            });
            checkQuiescent(alloc, owned);
            freeAllInParallel(alloc, owned, live);
            checkInitial(alloc, initialHuge);
        }
    }

    static Kind kindFor(int order, SplittableRandom rnd) {
        int r = rnd.nextInt(10);
        if (order >= Geometry.CHILD_ORDER) {
            return r < 7 ? Kind.HUGE : r < 9 ? Kind.MOVABLE : Kind.FIXED;
        }
        return r < 6 ? Kind.MOVABLE : r < 9 ? Kind.FIXED : Kind.HUGE;
    }

    // ------------------------------------------------------------------------------------- batches

    @ParameterizedTest(name = "slots shared by two threads: {0}")
    @ValueSource(booleans = {false, true})
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldNeverHandOutAFrameTwiceWhenThreadsGetAndPutBatches(boolean shared) throws Exception {
        int cores = shared ? Math.max(1, THREADS / 2) : THREADS;
        try (FrameAllocator alloc = LLFree.volatileFrames(UNEVEN_FRAMES).cores(cores).build()) {
            long initialHuge = alloc.freeHugeFrames();
            Ownership live = new Ownership(alloc.frames());
            long cap = alloc.frames() * 11 / 10 / THREADS;
            Owned[] owned = new Owned[THREADS];
            parallel(THREADS, t -> {
                SplittableRandom rnd = new SplittableRandom(BASE_SEED + t);
                Owned[] byOrder = new Owned[Geometry.MAX_ORDER + 1];
                Arrays.setAll(byOrder, o -> new Owned());
                long[] buffer = new long[64];
                int core = t < cores ? t : t % cores;
                try {
                    for (long op = 0; op < OPS / 8; op++) { // a batch is up to 64 runs: fewer, bigger operations
                        int order = BATCH_ORDERS[rnd.nextInt(BATCH_ORDERS.length)];
                        Owned list = byOrder[order];
                        int count = 1 + rnd.nextInt(order >= Geometry.CHILD_ORDER ? 4 : buffer.length);
                        boolean get = held(byOrder) < cap ? rnd.nextInt(100) < 55 : rnd.nextInt(100) < 15;
                        if (get || list.size == 0) {
                            int offset = rnd.nextInt(buffer.length - count + 1);
                            int got = alloc.getBatch(core, order, kindFor(order, rnd), buffer, offset, count);
                            assertTrue(got >= 0 && got <= count, () -> "getBatch returned " + got + ", " + seed());
                            for (int i = offset; i < offset + got; i++) {
                                checkRun(alloc, buffer[i], order, "thread " + t + " batch " + op);
                                live.acquire(buffer[i], order, t, op);
                                list.add(buffer[i], order);
                            }
                        } else {
                            int n = Math.min(count, list.size);
                            for (int i = 0; i < n; i++) { // random runs, possibly from several trees
                                buffer[i] = Owned.frame(list.removeAt(rnd.nextInt(list.size)));
                                live.release(buffer[i], order, t, op);
                            }
                            alloc.putBatch(core, order, buffer, 0, n);
                        }
                    }
                } finally {
                    Owned mine = new Owned();
                    for (Owned list : byOrder) {
                        for (int i = 0; i < list.size; i++) {
                            mine.add(Owned.frame(list.runs[i]), Owned.order(list.runs[i]));
                        }
                    }
                    owned[t] = mine;
                }
            });
            checkQuiescent(alloc, owned);
            freeAllInParallel(alloc, owned, live);
            checkInitial(alloc, initialHuge);
        }
    }

    private static long held(Owned[] lists) {
        long frames = 0;
        for (Owned list : lists) {
            frames += list.frames;
        }
        return frames;
    }

    // ------------------------------------------------------------------------------------- fill

    @ParameterizedTest(name = "order {0}, {1} frames, {2} slots, {3} rounds")
    @CsvSource({
        "0, " + UNEVEN_FRAMES + ", 4, 20",
        "0, " + UNEVEN_FRAMES + ", 2, 20",
        "0, " + (Geometry.TREE_FRAMES + 77) + ", 2, 50",
        "0, 77, 1, 2000", // one tree, one slot for every thread: the reservation changes hands constantly
        "9, " + UNEVEN_HUGE_FRAMES + ", 4, 200",
        "9, " + UNEVEN_HUGE_FRAMES + ", 2, 200",
        "9, " + (3 * Geometry.CHILD_FRAMES) + ", 1, 2000",
    })
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldHandOutEveryFrameWhenThreadsFillMemory(int order, long frames, int cores, int rounds) throws Exception {
        List<String> falseOom = new ArrayList<>();
        int roundsWithFalseOom = 0;
        try (FrameAllocator alloc = LLFree.volatileFrames(frames).cores(cores).build()) {
            long initialHuge = alloc.freeHugeFrames();
            // Rounds reuse the allocator: later fills start from the reservations the last one left.
            for (int round = 0; round < rounds * FILL_SCALE; round++) {
                List<String> found = fill(alloc, order, round);
                roundsWithFalseOom += found.isEmpty() ? 0 : 1;
                if (falseOom.size() < 5) {
                    falseOom.addAll(found);
                }
                assertEquals(alloc.frames(), alloc.freeFrames(), () -> "freeFrames() after freeing all, " + seed());
                assertEquals(initialHuge, alloc.freeHugeFrames(), () -> "freeHugeFrames() after freeing all, " + seed());
            }
            checkInitial(alloc, initialHuge);
        }
        // Checked last, so that the safety checks above ran on every round.
        assertEquals(0, roundsWithFalseOom, "rounds (of " + rounds * FILL_SCALE + ") in which a get returned NO_FRAME"
            + " while free runs existed (false out-of-memory), " + seed() + "; first ones:\n" + String.join("\n", falseOom));
    }

    /**
     * THREADS threads get runs until NO_FRAME; then the union must be every run, then they free all of it.
     *
     * @return the false out-of-memory results of this round
     */
    private static List<String> fill(FrameAllocator alloc, int order, int round) throws Exception {
        long frames = alloc.frames();
        long runs = order == 0 ? frames : alloc.freeHugeFrames();
        Ownership live = new Ownership(frames);
        Owned[] owned = new Owned[THREADS];
        AtomicLong allocated = new AtomicLong();
        AtomicLong inFlight = new AtomicLong();
        List<String> falseOom = Collections.synchronizedList(new ArrayList<>());
        parallel(THREADS, t -> {
            Owned mine = owned[t] = new Owned();
            Kind kind = order >= Geometry.CHILD_ORDER ? (t % 4 == 3 ? Kind.MOVABLE : Kind.HUGE) : Kind.of(t % Kind.COUNT);
            int core = t;
            for (long op = 0; ; op++) {
                inFlight.incrementAndGet();
                long frame = alloc.get(core, order, kind);
                if (frame < 0) {
                    // Free runs only shrink during a fill. Every run allocated at the moment get
                    // returned was counted in `allocated` or is a get still in flight, so a total
                    // below `runs` proves that a free run existed for the whole call.
                    long others = inFlight.get() - 1;
                    long done = allocated.get();
                    if (done + others < runs) {
                        falseOom.add("thread " + t + " (core " + core + ", " + kind + ") got NO_FRAME at op " + op
                            + " while at most " + done + " taken + " + others + " in flight of " + runs + " runs");
                    }
                    inFlight.decrementAndGet();
                    break;
                }
                checkRun(alloc, frame, order, "round " + round + " thread " + t + " op " + op);
                live.acquire(frame, order, t, op);
                mine.add(frame, order);
                allocated.incrementAndGet();
                inFlight.decrementAndGet();
            }
        });
        long total = 0;
        for (Owned o : owned) {
            total += o.size;
        }
        String where = "fill with order " + order + " of " + frames + " frames, round " + round + ", " + seed();
        assertEquals(runs, total, "runs handed out (fewer: a false out-of-memory), " + where);
        for (int core = 0; core < alloc.cores(); core++) {
            for (Kind kind : Kind.values()) {
                assertEquals(FrameAllocator.NO_FRAME, alloc.get(core, order, kind),
                    "get of order " + order + " on a full allocator, core " + core + " " + kind + ", " + where);
            }
        }
        checkQuiescent(alloc, owned);
        if (order == 0) {
            assertEquals(0, alloc.freeFrames(), where);
        }
        freeAllInParallel(alloc, owned, live);
        validate(alloc);
        return falseOom.stream().map(m -> "round " + round + ": " + m).toList();
    }

    /**
     * Each thread holds at most one run at a time and there are more runs than threads, so every get
     * must succeed: a NO_FRAME is a false out-of-memory, however the threads interleave. The threads
     * use different kinds on few slots of a one-tree allocator, and one more thread calls
     * {@code drain()} in a loop (as online compaction would), so the tree's reservation changes hands
     * all the time and most gets take the slow path (pull, reserve, steal, last resort).
     */
    @ParameterizedTest(name = "order {0}, {1} frames, {2} slots")
    @CsvSource({
        "0, 6, 1",
        "0, 77, 2",
        "0, " + (Geometry.TREE_FRAMES + 77) + ", 2",
        "9, " + (5 * Geometry.CHILD_FRAMES) + ", 2",
    })
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldNeverRunOutWhenThreadsHoldFewerRunsThanExist(int order, long frames, int cores) throws Exception {
        try (FrameAllocator alloc = LLFree.volatileFrames(frames).cores(cores).build()) {
            long initialHuge = alloc.freeHugeFrames();
            long runs = order == 0 ? frames : initialHuge;
            assertTrue(runs > THREADS, "more runs than threads");
            Ownership live = new Ownership(frames);
            AtomicLong failures = new AtomicLong();
            List<String> first = Collections.synchronizedList(new ArrayList<>());
            AtomicLong running = new AtomicLong(THREADS);
            parallel(THREADS + 1, t -> {
                if (t == THREADS) {
                    while (running.get() > 0) {
                        alloc.drain();
                        Thread.onSpinWait();
                    }
                    return;
                }
                Kind kind = Kind.of(t % Kind.COUNT);
                for (long op = 0; op < OPS; op++) {
                    long frame = alloc.get(t, order, kind);
                    if (frame < 0) {
                        failures.incrementAndGet();
                        if (first.size() < 5) {
                            first.add("thread " + t + " (core " + t + ", " + kind + ") op " + op);
                        }
                        continue;
                    }
                    checkRun(alloc, frame, order, "thread " + t + " op " + op);
                    live.acquire(frame, order, t, op);
                    live.release(frame, order, t, op);
                    alloc.put(t, frame, order);
                }
                running.decrementAndGet();
            });
            checkInitial(alloc, initialHuge);
            assertEquals(0, failures.get(), "gets (of " + THREADS * OPS + ") that returned NO_FRAME although at most "
                + THREADS + " of " + runs + " runs were ever taken (false out-of-memory), " + seed() + "; first ones: " + first);
        }
    }

    // ------------------------------------------------------------------------------------- handover

    /**
     * Producers on one core get runs and hand them over a queue to consumers on another core, which
     * put them: every put goes into a tree that the producers' core holds in its reservation, so the
     * frames travel through the tree entry and come back by the producers' pull.
     */
    @ParameterizedTest(name = "{0} producers on core 0, {0} consumers on core 1")
    @ValueSource(ints = {1, 2})
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldKeepCountersExactWhenAnotherCoreFreesIntoAReservedTree(int pairs) throws Exception {
        try (FrameAllocator alloc = LLFree.volatileFrames(Geometry.TREE_FRAMES + 77).cores(2).build()) {
            long initialHuge = alloc.freeHugeFrames();
            Ownership live = new Ownership(alloc.frames());
            ConcurrentLinkedQueue<Long> queue = new ConcurrentLinkedQueue<>();
            AtomicLong produced = new AtomicLong();
            AtomicLong consumed = new AtomicLong();
            AtomicBoolean producing = new AtomicBoolean(true);
            AtomicLong producersLeft = new AtomicLong(pairs);
            int[] handOrders = {0, 0, 0, 1, 3};
            parallel(2 * pairs, t -> {
                SplittableRandom rnd = new SplittableRandom(BASE_SEED + t);
                if (t < pairs) {
                    try {
                        for (long op = 0; op < OPS; op++) {
                            int order = handOrders[rnd.nextInt(handOrders.length)];
                            long frame = alloc.get(0, order, Kind.MOVABLE);
                            if (frame < 0) {
                                Thread.yield(); // the consumers are behind: the queue holds the memory
                                continue;
                            }
                            checkRun(alloc, frame, order, "producer " + t + " op " + op);
                            live.acquire(frame, order, t, op);
                            queue.add(Owned.run(frame, order));
                            produced.incrementAndGet();
                        }
                    } finally {
                        if (producersLeft.decrementAndGet() == 0) {
                            producing.set(false);
                        }
                    }
                } else {
                    long op = 0;
                    for (Long run; producing.get() || !queue.isEmpty(); op++) {
                        if ((run = queue.poll()) == null) {
                            Thread.onSpinWait();
                            continue;
                        }
                        live.release(Owned.frame(run), Owned.order(run), t, op);
                        alloc.put(1, Owned.frame(run), Owned.order(run));
                        consumed.incrementAndGet();
                    }
                }
            });
            String where = "handover, " + seed();
            assertEquals(produced.get(), consumed.get(), where);
            assertTrue(produced.get() > 0, where);
            alloc.validate();
            assertEquals(alloc.frames(), alloc.freeFrames(), where);
            checkInitial(alloc, initialHuge);
        }
    }

    // ------------------------------------------------------------------------------------- checks

    static void checkRun(FrameAllocator alloc, long frame, int order, String who) {
        if (frame >= alloc.frames() || frame + (1L << order) > alloc.frames() || (frame & ((1L << order) - 1)) != 0) {
            fail(who + ": get of order " + order + " returned frame 0x" + Long.toHexString(frame)
                + " (out of range or misaligned), " + seed());
        }
    }

    /** No two runs overlap (every frame of every run, not only the first), counters equal a recount. */
    static void checkQuiescent(FrameAllocator alloc, Owned[] owned) {
        int[] owner = new int[Math.toIntExact(alloc.frames())];
        Arrays.fill(owner, -1);
        BitSet taken = new BitSet(owner.length);
        long ownedFrames = 0;
        for (int t = 0; t < owned.length; t++) {
            for (int i = 0; i < owned[t].size; i++) {
                long frame = Owned.frame(owned[t].runs[i]);
                int order = Owned.order(owned[t].runs[i]);
                for (int f = (int) frame; f < frame + (1L << order); f++) {
                    if (taken.get(f)) {
                        fail("frame 0x" + Integer.toHexString(f) + " is owned by thread " + owner[f] + " and by thread " + t
                            + " (run 0x" + Long.toHexString(frame) + " of order " + order + "), " + seed());
                    }
                    taken.set(f);
                    owner[f] = t;
                }
                ownedFrames += 1L << order;
                assertFalse(alloc.isFree(frame, order), () -> "an owned run is free, " + seed());
            }
        }
        validate(alloc);
        assertEquals(alloc.frames() - ownedFrames, alloc.freeFrames(), () -> "freeFrames() = frames - owned, " + seed());
    }

    /** Every thread frees what it owns, concurrently, on its own core. */
    static void freeAllInParallel(FrameAllocator alloc, Owned[] owned, Ownership live) throws Exception {
        parallel(owned.length, t -> {
            Owned mine = owned[t];
            for (int i = mine.size - 1; i >= 0; i--) {
                long frame = Owned.frame(mine.runs[i]);
                int order = Owned.order(mine.runs[i]);
                live.release(frame, order, t, -1);
                alloc.put(t, frame, order);
            }
            mine.size = 0;
            mine.frames = 0;
        });
    }

    /** Everything is free again: the counters, the huge frames, and after a drain the very same stats as a new allocator. */
    static void checkInitial(FrameAllocator alloc, long initialHuge) {
        validate(alloc);
        assertEquals(alloc.frames(), alloc.freeFrames(), () -> "freeFrames() after freeing all, " + seed());
        assertEquals(initialHuge, alloc.freeHugeFrames(), () -> "freeHugeFrames() after freeing all, " + seed());
        alloc.drain();
        validate(alloc);
        try (FrameAllocator fresh = LLFree.volatileFrames(alloc.frames()).cores(alloc.cores()).build()) {
            Stats actual = alloc.stats();
            Stats initial = fresh.stats();
            Stats expected = new Stats(initial.frames(), initial.freeFrames(), initial.freeHugeFrames(), initial.trees(),
                initial.kinds(), actual.exhaustiveSearches()); // a count since the allocator was made, not occupancy
            assertEquals(expected.trees(), actual.trees(), () -> "trees after freeing all and drain(), " + seed());
            assertEquals(expected, actual, () -> "stats after freeing all and drain(), " + seed());
        }
    }

    private static void validate(FrameAllocator alloc) {
        try {
            alloc.validate();
        } catch (RuntimeException e) {
            throw new AssertionError("validate() failed, " + seed() + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------- helpers

    /**
     * Runs {@code body(t)} on {@code threads} platform threads that spin on a start barrier, so they
     * really start together (a blocking barrier wakes them one by one, microseconds apart, and a short
     * fill would be over before the last one runs). Rethrows the first failure with the seed.
     */
    static void parallel(int threads, IntConsumer body) throws Exception {
        AtomicInteger arriving = new AtomicInteger(threads);
        AtomicReferenceArray<Throwable> failures = new AtomicReferenceArray<>(threads);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = new Thread(() -> {
                try {
                    arriving.decrementAndGet();
                    for (int spins = 0; arriving.get() > 0; spins++) {
                        if (spins < 1000) {
                            Thread.onSpinWait();
                        } else {
                            Thread.yield(); // more threads than cores: let the late ones arrive
                        }
                    }
                    body.accept(id);
                } catch (Throwable e) {
                    failures.set(id, e);
                }
            }, "stress-" + t);
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        for (int t = 0; t < threads; t++) {
            Throwable e = failures.get(t);
            if (e != null) {
                AssertionError failure = new AssertionError("thread " + t + " failed, " + seed() + ": " + e, e);
                for (int other = t + 1; other < threads; other++) {
                    if (failures.get(other) != null) {
                        failure.addSuppressed(failures.get(other));
                    }
                }
                throw failure;
            }
        }
    }

    /** One thread's runs, packed {@code frame << 5 | order} (orders up to 18). Not thread-safe. */
    static final class Owned {
        long[] runs = new long[1024];
        int size;
        long frames;

        static long run(long frame, int order) {
            return frame << 5 | order;
        }

        static long frame(long run) {
            return run >>> 5;
        }

        static int order(long run) {
            return (int) (run & 31);
        }

        void add(long frame, int order) {
            if (size == runs.length) {
                runs = Arrays.copyOf(runs, size * 2);
            }
            runs[size++] = run(frame, order);
            frames += 1L << order;
        }

        /** Removes the run at {@code i} (the last run takes its place). */
        long removeAt(int i) {
            long run = runs[i];
            runs[i] = runs[--size];
            frames -= 1L << order(run);
            return run;
        }
    }

    /**
     * A live bitmap of owned frames, updated right after a get returns and right before a put: a run
     * handed out while any of its frames is still owned fails at once, naming both owners' operation.
     */
    static final class Ownership {
        private final AtomicLongArray bits;
        private final AtomicLongArray lastOwner;

        Ownership(long frames) {
            int words = Math.toIntExact((frames + 63) >>> 6);
            bits = new AtomicLongArray(words);
            lastOwner = new AtomicLongArray(words);
        }

        void acquire(long frame, int order, int thread, long op) {
            forEachWord(frame, order, (w, mask) -> {
                long prev = bits.getAndAccumulate(w, mask, (a, b) -> a | b);
                if ((prev & mask) != 0) {
                    fail("thread " + thread + " op " + op + " got run 0x" + Long.toHexString(frame) + " of order " + order
                        + " whose frames 0x" + Long.toHexString(prev & mask) + " (word " + w + ") are still owned"
                        + " (last acquired in that word by thread " + (lastOwner.get(w) >>> 40) + " op "
                        + (lastOwner.get(w) & ((1L << 40) - 1)) + "), " + seed());
                }
                lastOwner.set(w, (long) thread << 40 | (op & ((1L << 40) - 1)));
            });
        }

        void release(long frame, int order, int thread, long op) {
            forEachWord(frame, order, (w, mask) -> {
                long prev = bits.getAndAccumulate(w, mask, (a, b) -> a & ~b);
                if ((prev & mask) != mask) {
                    fail("thread " + thread + " op " + op + " frees run 0x" + Long.toHexString(frame) + " of order " + order
                        + " that it does not own, " + seed());
                }
            });
        }

        private interface WordVisitor {
            void visit(int word, long mask);
        }

        private static void forEachWord(long frame, int order, WordVisitor visitor) {
            long end = frame + (1L << order);
            for (long f = frame; f < end; f = (f | 63) + 1) {
                int bit = (int) (f & 63);
                long last = Math.min(end, (f | 63) + 1);
                int n = (int) (last - f);
                long mask = n == 64 ? -1L : ((1L << n) - 1) << bit;
                visitor.visit((int) (f >>> 6), mask);
            }
        }
    }

    @Test
    void ownershipShouldCoverEveryFrameOfARun() {
        Ownership o = new Ownership(4096);
        o.acquire(1024, 10, 0, 0);
        for (long f = 1024; f < 2048; f++) {
            long frame = f;
            AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> o.acquire(frame, 0, 1, 1));
            assertTrue(e.getMessage().contains("still owned"));
        }
        o.release(1024, 10, 0, 1);
        o.acquire(1023, 0, 0, 2);
        o.acquire(2048, 0, 0, 3);
        o.acquire(1024, 10, 0, 4);
    }
}
