package dev.llfree.crash;

import static dev.llfree.core.Checks.hex;

import dev.llfree.Destination;
import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.core.Geometry;
import dev.llfree.core.lower.Lower;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.upper.LLFreeAllocator;
import dev.llfree.core.words.ChildEntry;
import dev.llfree.core.words.LowerLayout;
import dev.llfree.file.PoolLayout;
import dev.llfree.file.Roots;
import dev.llfree.getto.GetTo;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One recorded run of the get-to crash enumeration, over a {@link SimulatedPmem} laid out as a pool
 * (header with roots and intent slots, lower allocator, a small data area). Thread 0 does get-to and
 * put-from on six destinations (four roots, two data longs) with orders 0, 3, 7, 9 and 10, on either core;
 * an optional thread 1 does plain gets and puts of orders 0, 3 and 9 on the same memory, so exclusivity is
 * tested against them. Half its puts are of runs in the child of a destination's run, and some of those wait
 * in flight for thread 0's next step ({@link #pauseBesideADestination}), so that put-from meets puts in flight
 * in its child and leaves its run to be freed later (a releasing slot). At every crash point each image is
 * recovered as a pool open does ({@link Recovery#rebuildPool}) and checked:
 * <ol>
 *   <li>recovery accepts it and {@code validate()} holds;</li>
 *   <li>every destination holds {@code NO_FRAME} or a run that is wholly allocated (never referenced and free);</li>
 *   <li>a destination whose get-to returned holds its run, one whose put-from returned is empty, one with an
 *       operation in flight holds the old or the new value;</li>
 *   <li>no run is held by two destinations or by a destination and the plain thread;</li>
 *   <li>every allocated frame is held by a destination or the plain thread, or is being put by it, or is
 *       one of the frames its get in flight may take: nothing else (no leak).</li>
 * </ol>
 */
final class GetToCrashRun {
    static final long FRAMES = Geometry.TREE_FRAMES + 6 * Geometry.CHILD_FRAMES + 100;
    private static final long LOWER = PoolLayout.HEADER_BYTES;
    private static final long DATA = LOWER + LowerLayout.bytes(FRAMES) + SimulatedPmem.LINE & -SimulatedPmem.LINE;
    private static final long DATA_BYTES = 2 * SimulatedPmem.LINE;
    private static final Destination[] DESTINATIONS = {Destination.root(0), Destination.root(1), Destination.root(2),
        Destination.root(63), Destination.data(0), Destination.data(SimulatedPmem.LINE + 8)};
    private static final int[] GET_TO_ORDERS = {0, 0, 3, 7, 9, 10};
    private static final int[] PLAIN_ORDERS = {0, 0, 3, 9};
    private static final int KEPT = 3;
    /** A crash point with at most this many images has all of them checked, one with more this many samples. */
    private static final long EXHAUSTIVE = 64;
    private static final int SAMPLES = 16;

    /** Crash points and images checked, violations (the first few described), flushes per site and those dropped. */
    record Result(long points, long images, long violations, List<String> first, Map<PersistSite, Long> flushes,
                  long dropped) { }

    private record Run(long frame, int order) { }

    /** An operation in flight on a destination: its value before and after. */
    private record Change(long before, long after, int order) { }

    private final long seed;
    private final int threads;
    private final int ops;
    private final SimulatedPmem.FlushFault fault;
    private final SimulatedPmem memory = new SimulatedPmem(DATA + DATA_BYTES);
    private final SplittableRandom random;
    private final SplittableRandom sampler;
    private final Baton baton;
    private final MemorySegment image;
    private final Run[] held = new Run[DESTINATIONS.length];
    private final Change[] changing = new Change[DESTINATIONS.length];
    private final Map<Long, Integer> plainOwned = new HashMap<>();
    private Run plainPutting;
    private Thread plainThread;
    private long destinationSteps;
    private boolean destinationsDone;
    private int plainGettingOrder = -1;
    private final List<String> violations = new ArrayList<>();
    private long violationCount;
    private long points;
    private long images;
    private long version;
    private long lastVersion = -1;
    private CrashPoint last;

    private GetToCrashRun(long seed, int threads, int ops, SimulatedPmem.FlushFault fault, Arena arena) {
        this.seed = seed;
        this.threads = threads;
        this.ops = ops;
        this.fault = fault;
        SplittableRandom r = new SplittableRandom(seed);
        this.random = r.split();
        this.sampler = r.split();
        this.baton = new Baton(r.split());
        this.image = arena.allocate(memory.bytes(), SimulatedPmem.LINE);
    }

    static Result run(long seed, int threads, int ops, SimulatedPmem.FlushFault fault) throws InterruptedException {
        try (Arena arena = Arena.ofShared()) {
            return new GetToCrashRun(seed, threads, ops, fault, arena).run();
        }
    }

    private Result run() throws InterruptedException {
        try (memory) {
            MemorySegment file = memory.segment();
            file.asSlice(PoolLayout.ROOTS_OFFSET, PoolLayout.ROOTS * Long.BYTES).fill((byte) 0xFF);
            file.asSlice(DATA, DATA_BYTES).fill((byte) 0xFF);
            LLFreeAllocator allocator = LLFreeAllocator.create(memory, LOWER, FRAMES, 2);
            GetTo getTo = new GetTo(memory, allocator, new Roots(memory, DATA, DATA_BYTES));
            fill(allocator);
            allocator.drain();
            memory.persistAll();
            memory.fault(fault);
            memory.listener(this::crashPoint);
            Runnable destinations = () -> {
                for (int i = 0; i < ops; i++) {
                    destinationStep(getTo);
                    crashPoint("returned");
                }
                destinationsDone = true;
            };
            Runnable plain = () -> {
                plainThread = Thread.currentThread();
                for (int i = 0; i < ops; i++) {
                    plainStep(allocator);
                    crashPoint("returned");
                }
            };
            baton.run(threads == 1 ? new Runnable[] {destinations} : new Runnable[] {destinations, plain});
            return new Result(points, images, violationCount, List.copyOf(violations), memory.flushes(), memory.dropped());
        }
    }

    /** Plain gets until about half the frames are allocated, so get-to meets partly used children. */
    private void fill(LLFreeAllocator allocator) {
        double share = 0.2 + 0.5 * random.nextDouble();
        while (allocator.frames() - allocator.freeFrames() < share * FRAMES) {
            int order = PLAIN_ORDERS[random.nextInt(PLAIN_ORDERS.length)];
            long frame = allocator.get(random.nextInt(2), order, Kind.MOVABLE);
            if (frame < 0) {
                break;
            }
            plainOwned.put(frame, order);
        }
    }

    /**
     * A get-to or put-from on core 0 or 1, so that two intent slots take turns (the other one may still name a run
     * whose free is not durable), of a random destination or, while the plain thread's put is in flight, of a
     * destination whose run lies in that put's child if there is one: its put-from cannot hold the child then.
     */
    private void destinationStep(GetTo getTo) {
        int core = random.nextInt(2);
        int i = random.nextInt(DESTINATIONS.length);
        if (plainPutting != null) {
            for (int j = 0; j < held.length; j++) {
                if (held[j] != null && Geometry.childOf(held[j].frame()) == Geometry.childOf(plainPutting.frame())) {
                    i = j;
                }
            }
        }
        if (held[i] == null) {
            int order = GET_TO_ORDERS[random.nextInt(GET_TO_ORDERS.length)];
            changing[i] = new Change(FrameAllocator.NO_FRAME, -2, order);
            version++;
            long frame = getTo.getTo(core, DESTINATIONS[i], order, Kind.MOVABLE);
            held[i] = frame < 0 ? null : new Run(frame, order);
        } else {
            changing[i] = new Change(held[i].frame(), FrameAllocator.NO_FRAME, held[i].order());
            version++;
            getTo.putFrom(core, DESTINATIONS[i], held[i].order());
            held[i] = null;
        }
        changing[i] = null;
        version++;
        destinationSteps++;
    }

    private void plainStep(LLFreeAllocator allocator) {
        if (!plainOwned.isEmpty() && random.nextBoolean()) {
            List<Long> beside = plainOwned.keySet().stream().filter(this::besideADestination).toList();
            List<Long> candidates = beside.isEmpty() || random.nextBoolean() ? List.copyOf(plainOwned.keySet()) : beside;
            Long frame = candidates.get(random.nextInt(candidates.size()));
            plainPutting = new Run(frame, plainOwned.remove(frame));
            version++;
            allocator.put(1, frame, plainPutting.order());
            plainPutting = null;
        } else {
            plainGettingOrder = PLAIN_ORDERS[random.nextInt(PLAIN_ORDERS.length)];
            version++;
            long frame = allocator.get(1, plainGettingOrder, Kind.MOVABLE);
            if (frame >= 0) {
                plainOwned.put(frame, plainGettingOrder);
            }
            plainGettingOrder = -1;
        }
        version++;
    }

    /** Whether {@code frame} lies in the child of a run a destination holds. */
    private boolean besideADestination(long frame) {
        for (Run run : held) {
            if (run != null && Geometry.childOf(run.frame()) == Geometry.childOf(frame)) {
                return true;
            }
        }
        return false;
    }

    /** Checks this crash point's images (a negative control's up to its first violation), then lets another thread run. */
    private void crashPoint(String event) {
        if (fault == SimulatedPmem.FlushFault.NONE || violationCount == 0) {
            checkImages(event);
        }
        baton.pass();
        pauseBesideADestination();
    }

    /** Checks the images of this crash point unless the last point had the same. */
    private void checkImages(String event) {
        CrashPoint point = memory.capture();
        if (!point.sameImages(last) || version != lastVersion) {
            last = point;
            lastVersion = version;
            points++;
            images += point.forEachImage(EXHAUSTIVE, SAMPLES, sampler, choice -> {
                memory.materialise(point, choice, image);
                String problem = check();
                if (problem != null && violationCount++ < KEPT) {
                    violations.add("seed " + seed + ", crash point " + points + " (" + event + "): " + problem);
                }
            });
        }
    }

    /**
     * Half the times the plain thread reaches a crash point of its put of a run beside a destination's: it waits
     * there, passing the baton on, until the destinations thread has ended its operation and done one more step,
     * which then meets the put in flight in the child (a put-from of the destination leaves a releasing slot).
     */
    private void pauseBesideADestination() {
        if (Thread.currentThread() != plainThread || plainPutting == null || !besideADestination(plainPutting.frame())
            || random.nextBoolean()) {
            return;
        }
        for (long until = destinationSteps + 2; destinationSteps < until && !destinationsDone; ) {
            baton.pass();
        }
    }

    /** Recovers the image as a pool open does and checks it; null if every property holds. */
    private String check() {
        RecoveredPool recovered;
        try {
            recovered = RecoveredPool.recover(image, LOWER, FRAMES, DATA, DATA_BYTES);
        } catch (IOException | RuntimeException e) {
            return "recovery failed: " + e;
        }
        Roots roots = recovered.roots();
        Lower truth = recovered.lower();
        long[] expected = new long[(int) ((FRAMES + 63) >>> 6)];
        long[] maybe = new long[expected.length];
        for (int i = 0; i < DESTINATIONS.length; i++) {
            long value = roots.get(DESTINATIONS[i]);
            String problem = checkDestination(i, value, truth);
            if (problem != null) {
                return problem;
            }
            if (value != FrameAllocator.NO_FRAME) {
                int order = held[i] != null && held[i].frame() == value ? held[i].order() : changing[i].order();
                if (!mark(expected, value, order)) {
                    return DESTINATIONS[i] + " holds " + hex(value) + ", a run another destination holds too";
                }
            }
        }
        for (Map.Entry<Long, Integer> run : plainOwned.entrySet()) {
            if (!mark(expected, run.getKey(), run.getValue())) {
                return "frame " + hex(run.getKey()) + " of the plain thread is held by a destination too";
            }
        }
        if (plainPutting != null) {
            mark(maybe, plainPutting.frame(), plainPutting.order());
        }
        long extra = 0;
        for (int w = 0; w < expected.length; w++) {
            long allocated = allocated(recovered.lower(), w);
            long lost = expected[w] & ~allocated;
            if (lost != 0) {
                return "frame " + hex(w * 64L + Long.numberOfTrailingZeros(lost)) + " is held but free after recovery";
            }
            extra += Long.bitCount(allocated & ~expected[w] & ~maybe[w]);
        }
        long bound = plainGettingOrder < 0 ? 0 : 1L << plainGettingOrder;
        if (extra > bound) {
            return extra + " frames allocated that nobody holds (a leak; the plain get in flight may take " + bound + ")";
        }
        return null;
    }

    private String checkDestination(int i, long value, Lower truth) {
        Change change = changing[i];
        long expected = held[i] == null ? FrameAllocator.NO_FRAME : held[i].frame();
        boolean ok = value == expected || change != null && (change.after() == -2 ? value != FrameAllocator.NO_FRAME
            : value == change.after());
        if (!ok) {
            return DESTINATIONS[i] + " holds " + hex(value) + ", expected " + hex(expected)
                + (change == null ? "" : " or the value of the operation in flight");
        }
        if (value != FrameAllocator.NO_FRAME) {
            int order = held[i] != null && held[i].frame() == value ? held[i].order() : change.order();
            if (!truth.isAllocated(value, order)) {
                return DESTINATIONS[i] + " holds " + hex(value) + " (order " + order + "), which is free after recovery";
            }
        }
        return null;
    }

    private static long allocated(Lower lower, int w) {
        long word = ChildEntry.huge(lower.childEntry(w / Geometry.ROW_WORDS)) ? -1L : lower.word(w);
        long firstFrame = w * 64L;
        return firstFrame + 64 <= FRAMES ? word : word & (1L << (FRAMES - firstFrame)) - 1;
    }

    /** Sets the run's bits in {@code bits}; false if one was set already. */
    private static boolean mark(long[] bits, long frame, int order) {
        boolean fresh = true;
        for (long f = frame; f < frame + (1L << order) && f < FRAMES; f++) {
            int w = (int) (f >>> 6);
            fresh &= (bits[w] & 1L << f) == 0;
            bits[w] |= 1L << f;
        }
        return fresh;
    }
}
