package dev.llfree.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.llfree.core.persist.PersistSite;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The negative controls of the crash enumerations ({@link CrashEnumerationTest}, {@link GetToCrashTest}): a build with
 * one flush removed must be caught. A control names a {@link PersistSite}, as the production code names its flushes,
 * and lets the simulated memory lose every flush of that site, or only a batch's flushes of the lines it moved away
 * from (every flush of the site but the thread's last one before each drain: what {@code DirtyLines.touch} flushes).
 * The recorded runs of the crash workload that reaches the site must then show crash images that violate what the
 * returned operations promised, where the same run with every flush shows none: the removal is what is caught. The
 * runs have fixed seeds ({@code -Dcrash.controlSeed} sets others), so a removal CI catches once it catches every time.
 * Every site is either reached by a workload and controlled, or listed in {@link #reach} with the reason it is not.
 */
class MissingFlushTest {
    private static final long SEED = Long.getLong("crash.controlSeed", 4242);
    private static final int MAX_RUNS = 10;
    /** The outcome of each workload's run with every flush, by seed: the controls share them. */
    private static final Map<CrashWorkload, Map<Long, Outcome>> INTACT = new EnumMap<>(CrashWorkload.class);

    /** The flushes a control removes: every flush of {@code site}, or only those of a batch's earlier lines. */
    record RemovedFlush(PersistSite site, boolean earlierLinesOnly) implements SimulatedPmem.FlushFault {
        @Override
        public boolean drops(PersistSite flushed, boolean last) {
            return flushed == site && !(earlierLinesOnly && last);
        }

        @Override
        public String toString() {
            return site + (earlierLinesOnly ? " (a batch's earlier lines)" : "");
        }
    }

    /** What one recorded run with a fault found, and the flushes it made per site. */
    private record Outcome(long violations, List<String> first, Map<PersistSite, Long> flushes, long dropped) { }

    /** Recorded runs of one kind of workload, one logical thread unless said otherwise. */
    private enum CrashWorkload {
        /** Gets and puts of orders 0, 3, 9 and 10, single and batch ({@link CrashRun}). */
        PLAIN,
        /** The same around a 1 GiB region, with giant gets and puts. */
        GIANT,
        /** get-to and put-from, and a second thread's plain gets and puts in the same memory ({@link GetToCrashRun}). */
        GET_TO;

        Outcome run(long seed, SimulatedPmem.FlushFault fault) throws InterruptedException {
            if (this == GET_TO) {
                GetToCrashRun.Result r = GetToCrashRun.run(seed, 2, 30, fault);
                return new Outcome(r.violations(), r.first(), r.flushes(), r.dropped());
            }
            CrashRun.Settings settings = this == PLAIN ? new CrashRun.Settings(1, 40, 64, 16, fault, false)
                : new CrashRun.Settings(1, 24, 64, 8, fault, true);
            CrashRun.Result r = CrashRun.run(seed, settings);
            return new Outcome(r.violations(), r.firstViolations(), r.flushes(), r.droppedFlushes());
        }
    }

    /** The workload that reaches a site, or none and why. */
    private record Reach(CrashWorkload workload, String noneBecause) {
        static Reach by(CrashWorkload workload) {
            return new Reach(workload, null);
        }

        static Reach none(String because) {
            return new Reach(null, because);
        }
    }

    /** Which crash workload reaches each site; the sites no workload reaches, with the reason. */
    private static Reach reach(PersistSite site) {
        return switch (site) {
            case GET_ROW, GET_HUGE, BATCH_GET_ROW, BATCH_GET_HUGE, PUT_ROW, PUT_HUGE, BATCH_PUT_LINE ->
                Reach.by(CrashWorkload.PLAIN);
            case GIANT_MARK, GIANT_COMMIT, GIANT_UNCOMMIT -> Reach.by(CrashWorkload.GIANT);
            case HELD_CLAIM, HELD_CLEAR, INTENT_BIND, INTENT_RELEASING, INTENT_FREE, DESTINATION ->
                Reach.by(CrashWorkload.GET_TO);
            case ROOT -> Reach.none("a user's own root store (Roots.set): no workload stores one, get-to and put-from"
                + " store their destinations with DESTINATION");
            case CREATE -> Reach.none("a new pool's metadata, then its magic: synced before any operation can run");
            case OPEN -> Reach.none("an open's cleared clean flag: synced before the first operation");
            case CLOSE -> Reach.none("a clean close's (or a user's) sync of counters, checksum and clean flag: no"
                + " operation is in flight, and the enumerations crash pools that were not closed");
            case RECOVERY -> Reach.none("recovery's results: the crash images are recovered in volatile copies"
                + " (ImageMemory), so no enumeration crashes during a recovery");
            case TRACE -> Reach.none("tracing recovery's phases (recover --trace), not part of any operation");
        };
    }

    /**
     * Every flush of each site a workload reaches; and the earlier lines' flushes of the sites that flush several
     * lines before one drain. BATCH_GET_HUGE is not one of those: a huge batch drains once per tree, and all its
     * flushes there are of the tree's one child line.
     */
    static Stream<RemovedFlush> removedFlushes() {
        Stream<RemovedFlush> everyFlush = Arrays.stream(PersistSite.values())
            .filter(site -> reach(site).workload() != null)
            .map(site -> new RemovedFlush(site, false));
        Stream<RemovedFlush> earlierLines = Stream.of(PersistSite.BATCH_GET_ROW, PersistSite.BATCH_PUT_LINE,
            PersistSite.GIANT_MARK).map(site -> new RemovedFlush(site, true));
        return Stream.concat(everyFlush, earlierLines);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("removedFlushes")
    void shouldFindViolatingCrashImagesWhenAFlushIsRemoved(RemovedFlush removed) throws InterruptedException {
        CrashWorkload workload = reach(removed.site()).workload();
        long dropped = 0;
        for (int run = 0; run < MAX_RUNS; run++) {
            long seed = CrashEnumerationTest.runSeed(SEED, run);
            Outcome outcome = workload.run(seed, removed);
            dropped += outcome.dropped();
            if (outcome.violations() > 0) {
                Outcome intact = intact(workload, seed);
                assertEquals(0, intact.violations(), () -> "seed " + seed + " violates with every flush too, so it proves"
                    + " nothing about " + removed + ": " + intact.first().getFirst());
                System.out.printf("negative control, %s removed: caught in run %d (%d flushes dropped); first violating"
                    + " image:%n  %s%n", removed, run + 1, dropped, outcome.first().getFirst());
                return;
            }
        }
        fail(removed + " removed: not caught in " + MAX_RUNS + " " + workload + " runs (" + dropped + " flushes dropped,"
            + " crash.controlSeed=" + SEED + ")");
    }

    /**
     * The controlled sites need no such test: a control passes only if its removal turns a run that holds into one that
     * violates, so its workload reached the site.
     */
    @Test
    void shouldReachNoSiteWithoutAControl() throws InterruptedException {
        for (CrashWorkload workload : CrashWorkload.values()) {
            Map<PersistSite, Long> flushes = intact(workload, CrashEnumerationTest.runSeed(SEED, 0)).flushes();
            for (PersistSite site : PersistSite.values()) {
                Reach reach = reach(site);
                if (reach.workload() == null) {
                    assertEquals(0, flushes.getOrDefault(site, 0L), () -> site + " has no control (" + reach.noneBecause()
                        + "), but " + workload + " runs flush it");
                }
            }
        }
    }

    private static synchronized Outcome intact(CrashWorkload workload, long seed) throws InterruptedException {
        Map<Long, Outcome> bySeed = INTACT.computeIfAbsent(workload, w -> new HashMap<>());
        Outcome outcome = bySeed.get(seed);
        if (outcome == null) {
            outcome = workload.run(seed, SimulatedPmem.FlushFault.NONE);
            bySeed.put(seed, outcome);
        }
        return outcome;
    }
}
