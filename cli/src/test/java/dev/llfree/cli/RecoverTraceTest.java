package dev.llfree.cli;

import dev.llfree.Destination;
import dev.llfree.Durability;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;
import dev.llfree.pool.Pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code llfree recover --trace} end to end: a directory tree built through the library API, frames leaked
 * beside it (and a crash), then the real command line reclaims exactly the leaked frames; bad directory trees
 * are refused with the file unchanged.
 */
class RecoverTraceTest {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    @TempDir
    Path dir;

    /** The tree: top directory (root 0, order 0) -> a 4-frame data run, a huge data run, a nested directory -> one frame. */
    private record Tree(long top, long data, long huge, long nested, long leaf) { }

    private Path pool() {
        return dir.resolve("pool");
    }

    private PoolAllocator create() throws IOException {
        return LLFree.pool(pool()).frames(TestPools.FRAMES).data(true).durability(Durability.MAPPED).cores(1).create();
    }

    private static Tree build(PoolAllocator p) {
        long top = p.getTo(0, Destination.root(DirectoryTracer.ROOT), 0, Kind.MOVABLE);
        long data = p.getOrThrow(0, 2, Kind.MOVABLE);
        long huge = p.getOrThrow(0, 9, Kind.HUGE);
        long nested = p.getOrThrow(0, 0, Kind.MOVABLE);
        long leaf = p.getOrThrow(0, 0, Kind.MOVABLE);
        directory(p, top, new long[][] {{data, 2}, {huge, 9}, {nested, DirectoryTracer.DIRECTORY}});
        directory(p, nested, new long[][] {{leaf, 0}});
        return new Tree(top, data, huge, nested, leaf);
    }

    private static void directory(PoolAllocator p, long frame, long[][] entries) {
        MemorySegment d = p.frame(frame, 0);
        d.set(LONG, 0, DirectoryTracer.MAGIC);
        d.set(LONG, DirectoryTracer.ORDER_OFFSET, 0);
        d.set(LONG, DirectoryTracer.COUNT_OFFSET, entries.length);
        for (int i = 0; i < entries.length; i++) {
            d.set(LONG, DirectoryTracer.ENTRIES_OFFSET + (long) i * DirectoryTracer.ENTRY_BYTES, entries[i][0]);
            d.set(LONG, DirectoryTracer.ENTRIES_OFFSET + (long) i * DirectoryTracer.ENTRY_BYTES + 8, entries[i][1]);
        }
    }

    @Test
    void shouldReclaimTheFramesNoDirectoryReachesAfterACrash() throws IOException {
        Pool p = (Pool) create();
        Tree tree = build(p);
        long[] leaked = new long[10];
        assertEquals(10, p.getBatch(0, 0, Kind.MOVABLE, leaked, 0, 10));
        long leakedHuge = p.getOrThrow(0, 9, Kind.HUGE);
        p.sync();
        p.abandon();

        Cli cli = Cli.run("recover", pool().toString(), "--trace", "--json").ok();

        assertTrue(cli.out().contains("\"closedCleanly\" : false"), cli.out());
        assertTrue(cli.out().contains("\"runs\" : 5"), cli.out());
        assertTrue(cli.out().contains("\"reachableFrames\" : " + (1 + 4 + 512 + 1 + 1)), cli.out());
        assertTrue(cli.out().contains("\"reclaimedFrames\" : " + (10 + 512)), cli.out());
        assertTrue(cli.out().contains("\"reachableButFree\" : 0"), cli.out());
        assertTrue(cli.out().contains("\"freeFrames\" : " + (TestPools.FRAMES - 519)), cli.out());
        Cli.run("verify", pool().toString()).ok();
        try (PoolAllocator reopened = LLFree.pool(pool()).cores(1).open()) {
            assertFalse(reopened.isFree(tree.huge(), 9));
            assertFalse(reopened.isFree(tree.leaf(), 0));
            assertTrue(reopened.isFree(leakedHuge, 9));
            for (long f : leaked) {
                assertTrue(reopened.isFree(f, 0));
            }
        }
    }

    @Test
    void shouldPrintWhatItReclaimedAsText() throws IOException {
        try (PoolAllocator p = create()) {
            build(p);
            p.getOrThrow(0, 3, Kind.MOVABLE);
        }
        String out = Cli.run("recover", pool().toString(), "--trace").ok().out().replace(System.lineSeparator(), "\n");

        assertTrue(out.startsWith("traced " + pool() + " (it had been closed cleanly)"), out);
        assertTrue(out.contains("  runs reached        5 (519 frames)\n"), out);
        assertTrue(out.contains("  frames reclaimed    8 (allocated, but no directory reaches them)\n"), out);
        assertTrue(out.contains("  reachable but free  0\n"), out);
        assertTrue(Cli.run("recover", pool().toString(), "--trace").ok().out().contains("frames reclaimed    0"));
    }

    @Test
    void shouldRefuseBadDirectoriesWithThePoolUnchanged() throws IOException {
        String[] expected = {"is reached twice (a cycle)", "is out of range", "overlaps a run reported before",
            "is not a directory"};
        for (int c = 0; c < expected.length; c++) {
            java.nio.file.Files.deleteIfExists(pool());
            try (PoolAllocator p = create()) {
                Tree t = build(p);
                switch (c) {
                    case 0 -> directory(p, t.nested(), new long[][] {{t.top(), DirectoryTracer.DIRECTORY}});
                    case 1 -> directory(p, t.nested(), new long[][] {{TestPools.FRAMES, 0}});
                    case 2 -> directory(p, t.nested(), new long[][] {{t.data() + 2, 1}});
                    default -> p.frame(t.nested(), 0).set(LONG, 0, 42);
                }
            }
            byte[] before = TestPools.bytes(pool());

            Cli cli = Cli.run("recover", pool().toString(), "--trace").fails(3, "llfree recover: ");

            assertTrue(cli.err().contains(expected[c]), cli.err());
            assertArrayEquals(before, TestPools.bytes(pool()), expected[c]);
        }
    }

    @Test
    void shouldRefuseAPoolWithoutDataOrDirectoryUnchanged() throws IOException {
        Path plain = TestPools.create(dir);
        byte[] before = TestPools.bytes(plain);
        Cli.run("recover", plain.toString(), "--trace").fails(2, "llfree recover: --trace: pool " + plain
                + " has no data area");
        assertArrayEquals(before, TestPools.bytes(plain));

        java.nio.file.Files.delete(plain);
        create().close();
        before = TestPools.bytes(pool());
        Cli.run("recover", pool().toString(), "--trace").fails(3, "llfree recover: root slot 0 is empty");
        assertArrayEquals(before, TestPools.bytes(pool()));
    }

    @Test
    void shouldRefuseAPoolAnotherOpenerHolds() throws IOException {
        try (PoolAllocator p = create()) {
            build(p);
            Cli.run("recover", pool().toString(), "--trace").fails(4, "llfree recover: ");
            p.validate(); // the pool stays usable by its opener
        }
    }
}
