package dev.llfree.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Destination;
import dev.llfree.Durability;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;
import dev.llfree.PoolInUseException;
import dev.llfree.TraceException;
import dev.llfree.TraceReport;
import dev.llfree.Tracer;
import dev.llfree.pool.Pool;
import dev.llfree.pool.TmpfsDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tracing recovery on a pool: exactly the traced runs stay allocated; bad traces change nothing. */
class TracingTest {
    private static final long FRAMES = 2 * 16384 + 4 * 512 + 100;

    @RegisterExtension
    final TmpfsDir tmp = new TmpfsDir();

    private PoolAllocator create(Durability durability) throws IOException {
        return LLFree.pool(tmp.file("pool")).frames(FRAMES).durability(durability).cores(2).create();
    }

    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"PMEM", "MAPPED"})
    void shouldReclaimEveryUnreachableRunAfterACrash(Durability durability) throws IOException {
        Path path = tmp.file("pool");
        Pool pool = (Pool) create(durability);
        long kept = pool.getTo(0, Destination.root(0), 0, Kind.MOVABLE);
        long huge = pool.getTo(0, Destination.root(1), 9, Kind.HUGE);
        long pair = pool.getTo(1, Destination.root(2), 10, Kind.HUGE);
        long[] leaked = new long[100];
        assertEquals(100, pool.getBatch(1, 0, Kind.MOVABLE, leaked, 0, 100));
        long leakedHuge = pool.getOrThrow(0, 9, Kind.HUGE);
        long leakedMid = pool.getOrThrow(0, 7, Kind.MOVABLE);
        pool.abandon();
        try (PoolAllocator reopened = LLFree.pool(path).durability(durability).cores(2).open()) {
            TraceReport report = reopened.recover((view, sink) -> {
                sink.run(view.root(0), 0);
                sink.run(view.root(1), 9);
                sink.run(view.root(2), 10);
            });
            assertEquals(3, report.runs());
            assertEquals(1 + 512 + 1024, report.reachableFrames());
            assertEquals(100 + 512 + 128, report.reclaimedFrames());
            assertEquals(0, report.reachableButFree());
            assertEquals(FRAMES - 1 - 512 - 1024, report.freeFrames());
            assertEquals(report.freeFrames(), reopened.freeFrames());
            reopened.validate();
            assertFalse(reopened.isFree(kept, 0));
            assertFalse(reopened.isFree(huge, 9));
            assertFalse(reopened.isFree(pair, 10));
            assertTrue(reopened.isFree(leakedHuge, 9));
            assertTrue(reopened.isFree(leakedMid, 7));
            for (long f : leaked) {
                assertTrue(reopened.isFree(f, 0));
            }
            assertEquals(pair, reopened.putFrom(0, Destination.root(2), 10));
            reopened.validate();
        }
        try (PoolAllocator reopened = LLFree.pool(path).durability(durability).open()) {
            assertTrue(reopened.recovery().clean());
            assertEquals(FRAMES - 1 - 512, reopened.freeFrames());
        }
    }

    @Test
    void shouldKeepAReachableButFreeRunAllocatedAndReportIt() throws IOException {
        try (PoolAllocator pool = create(Durability.PMEM)) {
            long huge = pool.getOrThrow(0, 9, Kind.HUGE);
            TraceReport report = pool.recover((view, sink) -> {
                sink.run(huge, 0); // a frame of the huge run, reported at another order
                sink.run(huge + 512 * 3, 3); // never allocated: the caller's bug
            });
            assertEquals(8, report.reachableButFree());
            assertEquals(huge + 512 * 3, report.firstReachableButFree());
            assertEquals(511, report.reclaimedFrames());
            assertEquals(FRAMES - 9, pool.freeFrames());
            pool.validate();
        }
    }

    @Test
    void shouldRefuseBadRunsWithThePoolUnchanged() throws IOException {
        Path path = tmp.file("pool");
        try (PoolAllocator pool = create(Durability.PMEM)) {
            pool.getOrThrow(0, 0, Kind.MOVABLE);
            long big = pool.getOrThrow(0, 9, Kind.HUGE);
            byte[] before = Files.readAllBytes(path);
            String[] expected = {"out of range", "misaligned", "order 11", "overlaps a run reported before"};
            Tracer[] bad = {
                (view, sink) -> sink.run(FRAMES - 1, 1),
                (view, sink) -> sink.run(big + 1, 1),
                (view, sink) -> sink.run(0, 11),
                (view, sink) -> {
                    sink.run(big, 9);
                    sink.run(big + 8, 3);
                },
            };
            for (int i = 0; i < bad.length; i++) {
                Tracer tracer = bad[i];
                TraceException e = assertThrows(TraceException.class, () -> pool.recover(tracer));
                assertTrue(e.getMessage().contains(expected[i]), e.getMessage());
                assertArrayEquals(before, Files.readAllBytes(path));
            }
            assertThrows(IOException.class, () -> pool.recover((view, sink) -> {
                sink.run(big, 9);
                throw new IOException("the tracer failed");
            }));
            assertArrayEquals(before, Files.readAllBytes(path));
            assertEquals(FRAMES - 513, pool.freeFrames());
            pool.validate();
        }
    }

    @Test
    void shouldNotRunWhileAnotherOpenerHoldsThePool() throws IOException {
        try (PoolAllocator pool = create(Durability.PMEM)) {
            assertThrows(PoolInUseException.class, () -> LLFree.pool(pool.path()).open());
            assertEquals(0, pool.recover((view, sink) -> { }).reachableFrames());
        }
    }

    @Test
    void shouldKeepTracedGiantFramesAndReclaimTheOthers() throws IOException {
        long giant = 1L << 18;
        Path path = tmp.file("pool");
        long frames = 4 * giant + 16384;
        Pool pool = (Pool) LLFree.pool(path).frames(frames).durability(Durability.PMEM).cores(2).create();
        long kept = pool.getOrThrow(0, 18, Kind.HUGE);
        long leaked = pool.getOrThrow(0, 18, Kind.HUGE);
        long small = pool.getOrThrow(1, 0, Kind.MOVABLE);
        long freeRegion = java.util.stream.LongStream.range(0, 4).map(r -> r * giant) // a wholly free region
            .filter(f -> f != kept && f != leaked && small >> 18 != f >> 18).findFirst().orElseThrow();
        pool.abandon();
        try (PoolAllocator reopened = LLFree.pool(path).durability(Durability.PMEM).cores(2).open()) {
            TraceReport report = reopened.recover((view, sink) -> {
                sink.run(kept, 18);
                sink.run(small, 0);
                sink.run(freeRegion, 18); // never allocated: the caller's bug, kept allocated
            });
            assertEquals(giant, report.reclaimedFrames(), "the untraced giant frame");
            assertEquals(giant, report.reachableButFree());
            assertEquals(frames - 2 * giant - 1, reopened.freeFrames());
            reopened.validate();
            assertFalse(reopened.isFree(kept, 18));
            assertFalse(reopened.isFree(freeRegion, 18));
            assertTrue(reopened.isFree(leaked, 18));
            assertEquals(leaked, reopened.getOrThrow(0, 18, Kind.HUGE), "the reclaimed region serves a giant get again");
            reopened.put(0, freeRegion, 18);
            reopened.validate();
        }
        try (PoolAllocator reopened = LLFree.pool(path).durability(Durability.PMEM).open()) {
            assertEquals(frames - 2 * giant - 1, reopened.freeFrames());
            reopened.validate();
        }
    }
}
