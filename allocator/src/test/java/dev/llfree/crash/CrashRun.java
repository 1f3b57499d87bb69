package dev.llfree.crash;

import dev.llfree.core.Geometry;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.upper.LLFreeAllocator;
import dev.llfree.core.words.LowerLayout;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One recorded run of the crash-consistency enumeration. An allocator of {@link #FRAMES} frames (three
 * trees and a partial fourth one ending in a partial child), or of {@link #GIANT_FRAMES} (a whole 1 GiB region
 * before them, for giant gets and puts), lives on a {@link SimulatedPmem}; it is
 * filled to a random share without checks, its reservations given back, and made durable. Then
 * {@code threads} logical threads do {@code ops} random operations each ({@link Workload}), taking
 * turns ({@link Baton}) at every crash point and after every operation. At each crash point whose images differ from the previous point's,
 * every crash image (beyond {@code exhaustive} images: a seeded sample) is recovered and checked
 * ({@link RecoveredImage}). Everything depends only on the seed.
 */
final class CrashRun {
    static final long FRAMES = 3L * Geometry.TREE_FRAMES + 4 * Geometry.CHILD_FRAMES + 200;
    static final long GIANT_FRAMES = (1L << Geometry.GIANT_ORDER) + FRAMES;
    static final int CORES = 2;
    private static final int KEPT_VIOLATIONS = 3;

    /** The metadata area a cache line belongs to. */
    private enum Area { BITFIELD_ROW, CHILD_LINE, GIANT_BITS }

    /**
     * @param threads    logical threads (1 or 2)
     * @param ops        operations per thread
     * @param exhaustive a crash point with at most this many images has all of them checked
     * @param samples    images checked of a point with more
     * @param fault      the flushes removed (a negative control, whose run is checked up to its first violating
     *                   crash point), or {@link SimulatedPmem.FlushFault#NONE}
     * @param giant      whether the allocator has a 1 GiB region and the workload gets and puts giant frames
     */
    record Settings(int threads, int ops, long exhaustive, int samples, SimulatedPmem.FlushFault fault, boolean giant) {
        long frames() {
            return giant ? GIANT_FRAMES : FRAMES;
        }
    }

    /**
     * Distinct crash points and images checked, violations found (the first few described), coverage, the flushes
     * per site and those the fault dropped, and the versions offered beyond a crash-point model
     * ({@link SimulatedPmem#olderVersions()}, {@link SimulatedPmem#storeVersions()}).
     */
    record Result(long points, long images, long violations, List<String> firstViolations, Coverage coverage,
                  Map<PersistSite, Long> flushes, long droppedFlushes, long olderVersions, long storeVersions) { }

    private final long seed;
    private final Settings settings;
    private final long childOffset;
    private final long giantOffset;
    private final SimulatedPmem memory;
    private final Ownership own;
    private final SplittableRandom operations;
    private final SplittableRandom sampler;
    private final Baton baton;
    private final RecoveredImage recovered;
    private final List<String> violations = new ArrayList<>();
    private CrashPoint last;
    private long lastVersion = -1;
    private long points;
    private long images;
    private long violationCount;

    private CrashRun(long seed, Settings settings, Arena arena) {
        this.seed = seed;
        this.settings = settings;
        this.childOffset = LowerLayout.childOffset(0, settings.frames());
        this.giantOffset = LowerLayout.giantOffset(0, settings.frames());
        this.memory = new SimulatedPmem(LowerLayout.bytes(settings.frames()));
        this.own = new Ownership(settings.frames());
        SplittableRandom random = new SplittableRandom(seed);
        this.operations = random.split();
        this.sampler = random.split();
        this.baton = new Baton(random.split());
        this.recovered = new RecoveredImage(arena, memory.bytes(), settings.frames(), CORES);
    }

    static Result run(long seed, Settings settings) throws InterruptedException {
        try (Arena arena = Arena.ofShared()) {
            return new CrashRun(seed, settings, arena).run();
        }
    }

    private Result run() throws InterruptedException {
        try (memory) {
            LLFreeAllocator allocator = LLFreeAllocator.create(memory, 0, settings.frames(), CORES);
            Workload workload = new Workload(allocator, own, settings.giant());
            workload.fill(operations, 0.3 + 0.65 * operations.nextDouble());
            allocator.drain(); // as after a clean close and open: the first gets reserve trees anew
            memory.persistAll();
            memory.fault(settings.fault());
            memory.listener(this::crashPoint);
            Runnable[] threads = new Runnable[settings.threads()];
            for (int t = 0; t < threads.length; t++) {
                int thread = t;
                threads[t] = () -> {
                    for (int i = 0; i < settings.ops(); i++) {
                        workload.step(thread, operations);
                        crashPoint("returned");
                    }
                };
            }
            baton.run(threads);
            return new Result(points, images, violationCount, List.copyOf(violations), workload.coverage(),
                memory.flushes(), memory.dropped(), memory.olderVersions(), memory.storeVersions());
        }
    }

    /** Checks this crash point's images (a negative control's up to its first violation), then lets another thread run. */
    private void crashPoint(String event) {
        if (settings.fault() == SimulatedPmem.FlushFault.NONE || violationCount == 0) {
            checkImages(event);
        }
        baton.pass();
    }

    /** Checks the images of this crash point unless the last point had the same. */
    private void checkImages(String event) {
        CrashPoint point = memory.capture();
        if (!point.sameImages(last) || own.version() != lastVersion) {
            last = point;
            lastVersion = own.version();
            points++;
            images += point.forEachImage(settings.exhaustive(), settings.samples(), sampler, choice -> {
                memory.materialise(point, choice, recovered.image());
                String violation = recovered.check(own);
                if (violation != null) {
                    violation(event, point, choice, violation);
                }
            });
        }
    }

    private void violation(String event, CrashPoint point, int[] choice, String problem) {
        if (violationCount++ >= KEPT_VIOLATIONS) {
            return;
        }
        StringBuilder image = new StringBuilder();
        for (int i = 0; i < choice.length; i++) {
            image.append(i == 0 ? "" : ", ").append(lineName(point.lines()[i])).append(" = ")
                .append(choice[i] == 0 ? "media" : "version " + choice[i] + "/" + point.versions()[i].length);
        }
        violations.add("seed " + seed + ", crash point " + points + " (" + event + "), in flight " + own.inFlight()
            + ", image {" + image + "}: " + problem);
    }

    private Area area(long offset) {
        return offset < childOffset ? Area.BITFIELD_ROW : offset < giantOffset ? Area.CHILD_LINE : Area.GIANT_BITS;
    }

    private String lineName(int line) {
        long offset = (long) line * SimulatedPmem.LINE;
        return switch (area(offset)) {
            case BITFIELD_ROW -> "row of child " + line;
            case CHILD_LINE -> "child line of tree " + (offset - childOffset) / SimulatedPmem.LINE;
            case GIANT_BITS -> "giant bits " + (offset - giantOffset) / SimulatedPmem.LINE;
        };
    }
}
