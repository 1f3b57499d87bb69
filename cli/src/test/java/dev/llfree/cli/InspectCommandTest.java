package dev.llfree.cli;

import dev.llfree.Durability;
import dev.llfree.Kind;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code llfree inspect} end to end on the pool of {@link TestPools#create}: 80 children, frames 0..7
 * allocated, one huge child. Its free blocks are known: one each of orders 3..8 in child 0, two of order
 * 9 (child 1 and the huge child's partner) and 38 of order 10.
 */
class InspectCommandTest {
    @TempDir
    Path dir;
    private Path pool;
    private long huge;

    @BeforeEach
    void createPool() throws IOException {
        pool = TestPools.create(dir);
        huge = TestPools.hugeChild(pool);
    }

    @Test
    void shouldShowEverySectionWithoutChangingTheFile() throws IOException {
        byte[] before = TestPools.bytes(pool);

        String out = Cli.run("inspect", pool.toString()).ok().out();

        assertArrayEquals(before, TestPools.bytes(pool));
        assertTrue(out.contains("geometry      160 MiB: 40960 frames of 4 KiB, 80 children of 2 MiB (huge frames), 3 trees"
                + " of 64 MiB"), out);
        assertTrue(out.contains("clean flag    set: closed cleanly"), out);
        assertTrue(out.contains("consistency   clean"), out);
        assertTrue(out.contains("free frames       40440 of 40960"), out);
        assertTrue(out.contains("free huge frames  78 of 80"), out);
        assertTrue(out.contains("allocated         520 frames: 512 in 1 huge frame, 8 in smaller runs"), out);
        assertTrue(out.contains("    movable         1 child, 8 frames allocated, 504 free"), out);
        assertTrue(out.contains("    huge            1 child, 512 frames allocated, 0 free"), out);
        assertFalse(out.contains("    fixed"), out);
        assertTrue(out.contains("      9  2 MiB              2     0.012   -1.000"), out);
        assertTrue(out.contains("     10  4 MiB             38     0.037   -1.000"), out);
        assertTrue(out.contains("largest free run   " + largestFreeRun() + " frames"), out);
        assertTrue(out.contains("largest free block: order 10 (4 MiB)"), out);
        assertTrue(out.contains("ideal compaction"), out);
    }

    @Test
    void shouldPrintJsonThatScriptsCanRead() throws IOException {
        JsonNode json = new ObjectMapper().readTree(Cli.run("inspect", pool.toString(), "--json").ok().out());

        assertEquals(pool.toString(), json.get("path").asText());
        assertEquals(40960, json.get("header").get("frames").asLong());
        assertEquals(40440, json.get("freeFrames").asLong());
        assertEquals(78, json.get("freeHugeFrames").asLong());
        assertEquals(1, json.get("hugeFrames").asLong());
        assertEquals(largestFreeRun(), json.get("largestFreeRun").asLong());
        assertEquals(3, json.get("trees").size());
        assertEquals("movable", json.get("kinds").get(0).get("kind").asText());
        assertEquals(8, json.get("kinds").get(0).get("allocatedFrames").asLong());
        assertEquals(1, json.get("kinds").get(2).get("children").asLong());
        assertEquals(0, json.get("kinds").get(3).get("children").asLong());
        assertEquals("unknown", json.get("kinds").get(3).get("kind").asText());
        assertTrue(json.get("header").get("creationId").asText().matches("0x[0-9a-f]{1,16}"),
            json.get("header").toString());
        long[] blocks = new long[11];
        for (int k = 0; k <= 10; k++) {
            JsonNode order = json.get("orders").get(k);
            blocks[k] = order.get("freeBlocks").asLong();
            assertEquals(-1.0, order.get("fragmentationIndex").asDouble());
        }
        assertArrayEquals(new long[] {0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 38}, blocks);
        assertEquals(0.012, json.get("orders").get(9).get("unusableFreeIndex").asDouble());
        assertEquals("clean", json.get("consistency").get("verdict").asText());
        assertEquals(0, json.get("idealCompaction").get("hugeFramesGained").asLong());
    }

    @Test
    void shouldReportAfterACrashWhatTheBitfieldsShowNotTheStaleCounters() throws IOException {
        TestPools.leaveStaleCounter(pool);
        byte[] before = TestPools.bytes(pool);

        String out = Cli.run("inspect", pool.toString()).ok().out();

        assertArrayEquals(before, TestPools.bytes(pool));
        assertTrue(out.contains("clean flag    clear: not closed cleanly"), out);
        assertTrue(out.contains("consistency   repairable"), out);
        assertTrue(out.contains("free frames       40440 counted from the bitfields, 40437 in the stored counters"), out);
        assertTrue(out.contains("stale    child 0 (frames 0x0..): free 501 but its row has 8 bits set (expected: free 504)"), out);
        assertTrue(out.contains("free frames       40440 of 40960"), out);
    }

    @Test
    void shouldDrawTheOccupancyMapOnePixelPer2MiB() throws IOException {
        Path map = dir.resolve("map.png");

        String out = Cli.run("inspect", pool.toString(), "--map", map.toString()).ok().out();

        assertTrue(out.contains("map           " + map + ": 32 x 3 children, 1 pixel = 2 MiB, 64 MiB per row"), out);
        BufferedImage image = ImageIO.read(map.toFile());
        assertTrue(image.getWidth() >= OccupancyMap.x(31, 1) + 1 && image.getHeight() > OccupancyMap.y(2, 1) + 1);
        int partlyUsed = pixel(image, 0, 0, 1);
        assertNotEquals(OccupancyMap.FREE, partlyUsed);
        assertTrue((partlyUsed & 0xFF) > (partlyUsed >> 16 & 0xFF), "blue: " + Integer.toHexString(partlyUsed));
        assertEquals(OccupancyMap.FREE, pixel(image, 1, 0, 1));
        assertEquals(OccupancyMap.HUGE, pixel(image, (int) huge % 32, (int) huge / 32, 1));
        assertEquals(OccupancyMap.PAST_END, pixel(image, 31, 2, 1));
    }

    @Test
    void shouldScaleTheMapAndSetTreesOnePixelApart() throws IOException {
        Path map = dir.resolve("map.png");
        Path big = dir.resolve("big");
        try (PoolAllocator p = LLFree.pool(big).frames(2048 * 512).durability(Durability.MAPPED).create()) { // two trees a row
            p.getOrThrow(0, 9, Kind.HUGE);
        }

        Cli.run("inspect", big.toString(), "--map", map.toString(), "--map-scale", "4", "--json").ok();

        BufferedImage image = ImageIO.read(map.toFile());
        assertEquals(OccupancyMap.x(32, 4) - 1, OccupancyMap.x(31, 4) + 4, "one pixel between two trees");
        assertEquals(OccupancyMap.FREE, pixel(image, 32, 0, 4));
        assertNotEquals(OccupancyMap.FREE, image.getRGB(OccupancyMap.x(32, 4) - 1, OccupancyMap.y(0, 4)) & 0xFFFFFF);
        assertEquals(OccupancyMap.HUGE, image.getRGB(OccupancyMap.x(0, 4) + 3, OccupancyMap.y(0, 4) + 3) & 0xFFFFFF);
    }

    /** The colour of the child in {@code column} and {@code row} of a map drawn at {@code scale}. */
    private static int pixel(BufferedImage image, int column, int row, int scale) {
        return image.getRGB(OccupancyMap.x(column, scale), OccupancyMap.y(row, scale)) & 0xFFFFFF;
    }

    @Test
    void shouldRefuseToDrawOverThePoolOrWhereItCannotWrite() throws IOException {
        byte[] before = TestPools.bytes(pool);
        Path missing = dir.resolve("missing").resolve("map.png");

        Cli.run("inspect", pool.toString(), "--map", pool.toString()).fails(2,
                "llfree inspect: --map: " + pool + " is the pool itself");
        Cli.run("inspect", pool.toString(), "--map", missing.toString()).fails(1,
                "llfree inspect: " + missing + ": no such file");
        Cli.run("inspect", pool.toString(), "--map", missing.toString(), "--map-scale", "0").fails(2,
                "llfree inspect: --map-scale: 0 (expected: 1..64)");

        assertArrayEquals(before, TestPools.bytes(pool));
    }

    @Test
    void shouldShowTheIdealCompactionOfSparseChildren() throws IOException {
        Path sparse = dir.resolve("sparse");
        try (PoolAllocator p = LLFree.pool(sparse).frames(8 * 512).durability(Durability.MAPPED).cores(1).create()) {
            for (int i = 0; i < 3 * 512; i++) {
                p.getOrThrow(0, 0, Kind.MOVABLE);
            }
            for (long f = 0; f < 3 * 512; f++) {
                if (f % 512 != 7) {
                    p.put(0, f, 0);
                }
            }
        }

        String out = Cli.run("inspect", sparse.toString()).ok().out();

        // 3 children with 1 frame each: 2 of them fit into the third's free frames
        assertTrue(out.contains("2 more free huge frames (7 in all) by moving at least 2 frames (1.0 per huge frame)"), out);
    }

    /** The longest free run: from frame 8 up to the huge child, or after it to the end. */
    private long largestFreeRun() {
        return Math.max(huge * 512 - 8, TestPools.FRAMES - (huge + 1) * 512);
    }

    /** A pool a bench in another process is using: refused without --live, watched with it. */
    @Test
    void shouldWatchAPoolThatAnotherProcessIsUsing() throws Exception {
        Path pool = dir.resolve("bench.pool");
        try (PoolAllocator created = LLFree.pool(pool).frames(16384).durability(Durability.MAPPED).create()) {
            assertEquals(16384, created.freeFrames()); // the bench takes a wholly free pool
        }
        try (ChildCli bench = ChildCli.start(dir.resolve("bench.err"), "bench", "repeat", "--pool", pool.toString(),
                "--durability", "mapped", "--threads", "1", "--runs", "100000")) {
            Cli busy;
            do { // until the bench has the pool open
                Thread.sleep(50);
                busy = Cli.run("inspect", pool.toString());
            } while (busy.exit() == 0 && bench.process().isAlive());
            assertEquals(4, busy.exit(), busy.err());

            String views = Cli.run("inspect", pool.toString(), "--live", "--watch", "0.1", "--count", "3").ok().out();

            assertEquals(3, views.lines().filter(line -> line.startsWith("live view")).count(), views);
            assertTrue(bench.process().isAlive(), "the owner goes on");
        }
    }

    @Test
    void shouldLeaveAPoolUnchangedWhenWatchingIt() throws IOException {
        byte[] before = TestPools.bytes(pool);

        String out = Cli.run("inspect", pool.toString(), "--live").ok().out();

        assertTrue(out.contains("free frames       40440 of 40960"), out);
        assertArrayEquals(before, TestPools.bytes(pool));
        Cli.run("inspect", pool.toString(), "--watch", "0.01").fails(2, "llfree inspect: --watch: 0.01");
        Cli.run("inspect", pool.toString(), "--count", "2").fails(2, "llfree inspect: --watch: null, --count: 2");
    }
}
