package dev.llfree.crash;

import static dev.llfree.core.Checks.hex;

import dev.llfree.Kind;
import dev.llfree.core.Geometry;
import dev.llfree.core.upper.Counters;
import dev.llfree.core.upper.LLFreeAllocator;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random gets and puts, logged in an {@link Ownership}: orders 0, 3, 9 and 10; kinds movable, fixed
 * and huge; single and batch operations (batch gets of orders 0, 3 and 9, of up to 256 single frames; half the
 * batch puts spread over several lines, so that they flush the lines they leave as well as their last one); puts
 * of each order owned alike; on the logical thread's own core or, sometimes, another one
 * (shared reservation slots, puts into another core's reservation). With memory nearly full they run
 * into reservation changes, steals from other reservations and failed gets. With {@code giant}, the
 * allocator spans a 1 GiB region: the fill takes it as a giant frame first (so the small runs go around it)
 * and puts it back last (so the media holds a free region whose children were never giant), and every sixth
 * operation puts the giant frame owned or tries to get one (which fails while small runs use the region).
 */
final class Workload {
    private static final int[] ORDERS = {0, 0, 0, 3, 3, 9, 9, 10};
    private static final int[] BATCH_GET_ORDERS = {0, 3, 9};

    private final LLFreeAllocator allocator;
    private final Ownership own;
    private final Coverage coverage = new Coverage();
    private final boolean giant;

    Workload(LLFreeAllocator allocator, Ownership own, boolean giant) {
        this.allocator = allocator;
        this.own = own;
        this.giant = giant;
    }

    Coverage coverage() {
        return coverage;
    }

    /**
     * Gets until about {@code share} of the frames (beside the 1 GiB region, which the fill holds as a giant frame) are
     * allocated, then puts a random eighth back.
     */
    void fill(SplittableRandom random, double share) {
        long regionFrames = giant ? 1L << Geometry.GIANT_ORDER : 0;
        long target = regionFrames + (long) (share * (allocator.frames() - regionFrames));
        long[] got = new long[64];
        if (giant) {
            own.beginGet(0, Geometry.GIANT_ORDER, 1, "fill giant");
            got[0] = allocator.get(0, Geometry.GIANT_ORDER, Kind.HUGE);
            own.endGet(Geometry.GIANT_ORDER, 1, got, got[0] >= 0 ? 1 : 0);
            if (got[0] < 0) {
                throw new IllegalStateException("the fill found no giant frame in a new allocator");
            }
        }
        while (allocator.frames() - allocator.freeFrames() < target) {
            int order = ORDERS[random.nextInt(ORDERS.length)];
            int count = order < Geometry.CHILD_ORDER ? 64 >> order : 1;
            Kind kind = kind(random, order);
            own.beginGet(0, order, count, "fill");
            int n = allocator.getBatch(random.nextInt(allocator.cores()), order, kind, got, 0, count);
            own.endGet(order, count, got, n);
            if (n == 0 && order == 0) {
                break;
            }
        }
        if (giant) {
            List<Ownership.Run> region = own.takeOfOrder(Geometry.GIANT_ORDER);
            own.beginPut(0, region, "fill giant");
            allocator.put(0, region.getFirst().frame(), Geometry.GIANT_ORDER);
            own.endPut(region);
        }
        for (int i = own.ownedRuns() / 8; i > 0; i--) {
            List<Ownership.Run> runs = own.take(random, 1, false);
            own.beginPut(0, runs, "fill");
            allocator.put(random.nextInt(allocator.cores()), runs.getFirst().frame(), runs.getFirst().order());
            own.endPut(runs);
        }
    }

    /** One random operation of logical thread {@code thread}, mostly on core {@code thread}. */
    void step(int thread, SplittableRandom random) {
        int core = random.nextInt(5) == 0 ? random.nextInt(allocator.cores()) : thread % allocator.cores();
        int r = random.nextInt(100);
        Counters before = allocator.counters();
        if (giant && random.nextInt(6) == 0) {
            List<Ownership.Run> held = own.takeOfOrder(Geometry.GIANT_ORDER);
            if (held.isEmpty()) {
                get(thread, core, Geometry.GIANT_ORDER, kind(random, Geometry.GIANT_ORDER), 1, before);
            } else {
                put(thread, core, held);
            }
        } else if (r < 38 || own.ownedRuns() == 0) {
            int order = ORDERS[random.nextInt(ORDERS.length)];
            get(thread, core, order, kind(random, order), 1, before);
        } else if (r < 50) {
            int order = BATCH_GET_ORDERS[random.nextInt(BATCH_GET_ORDERS.length)];
            int count = order == 0 ? 2 + random.nextInt(255) : 2 + random.nextInt(6); // single frames: often over rows
            get(thread, core, order, kind(random, order), count, before);
        } else {
            put(thread, core, own.take(random, r < 88 ? 1 : 2 + random.nextInt(7), random.nextBoolean()));
        }
        if (reservationsChanged(before, allocator.counters())) {
            coverage.reservationChanges++;
        }
    }

    private static Kind kind(SplittableRandom random, int order) {
        if (order >= Geometry.CHILD_ORDER) {
            return random.nextInt(4) == 0 ? Kind.MOVABLE : Kind.HUGE;
        }
        return random.nextInt(3) == 0 ? Kind.FIXED : Kind.MOVABLE;
    }

    private void get(int thread, int core, int order, Kind kind, int count, Counters before) {
        String text = (count == 1 ? "get" : "getBatch " + count + "x") + " order " + order + " " + kind + " core " + core;
        long[] got = new long[count];
        own.beginGet(thread, order, count, text);
        int n;
        if (count == 1) {
            got[0] = allocator.get(core, order, kind);
            n = got[0] >= 0 ? 1 : 0;
        } else {
            n = allocator.getBatch(core, order, kind, got, 0, count);
            coverage.batchGets++;
            coverage.batchGetsOverLines += Arrays.stream(got, 0, n).map(f -> new Ownership.Run(f, order).line()).distinct()
                .count() > 1 ? 1 : 0;
        }
        own.endGet(order, count, got, n);
        coverage.getsByOrder[order]++;
        coverage.fixedGets += kind == Kind.FIXED ? 1 : 0;
        coverage.hugeKindGets += kind == Kind.HUGE ? 1 : 0;
        coverage.noFrame += n < count ? 1 : 0;
        Counters after = allocator.counters();
        int cell = core * Kind.COUNT + kind.ordinal();
        for (int i = 0; i < n; i++) {
            long tree = Geometry.treeOf(got[i]);
            if (after.cellPresent()[cell] && after.cellTree()[cell] == tree
                || before.cellPresent()[cell] && before.cellTree()[cell] == tree) {
                coverage.ownReservation++;
            } else if (heldByAnotherCell(before, cell, tree)) {
                coverage.steals++;
            } else {
                coverage.directTakes++;
            }
        }
    }

    private void put(int thread, int core, List<Ownership.Run> runs) {
        int order = runs.getFirst().order();
        String text = (runs.size() == 1 ? "put " : "putBatch " + runs.size() + "x from ") + hex(runs.getFirst().frame())
            + " order " + order + " core " + core;
        own.beginPut(thread, runs, text);
        if (runs.size() == 1) {
            allocator.put(core, runs.getFirst().frame(), order);
        } else {
            long[] frames = runs.stream().mapToLong(Ownership.Run::frame).toArray();
            allocator.putBatch(core, order, frames, 0, frames.length);
            coverage.batchPuts++;
            coverage.batchPutsOverLines += runs.stream().mapToLong(Ownership.Run::line).distinct().count() > 1 ? 1 : 0;
        }
        own.endPut(runs);
        coverage.puts++;
        coverage.giantPuts += order == Geometry.GIANT_ORDER ? runs.size() : 0;
    }

    private static boolean heldByAnotherCell(Counters c, int cell, long tree) {
        for (int other = 0; other < c.cellPresent().length; other++) {
            if (other != cell && c.cellPresent()[other] && c.cellTree()[other] == tree) {
                return true;
            }
        }
        return false;
    }

    private static boolean reservationsChanged(Counters before, Counters after) {
        for (int cell = 0; cell < before.cellPresent().length; cell++) {
            if (before.cellPresent()[cell] != after.cellPresent()[cell]
                || after.cellPresent()[cell] && before.cellTree()[cell] != after.cellTree()[cell]) {
                return true;
            }
        }
        return false;
    }
}
