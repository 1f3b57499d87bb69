package dev.llfree.cli;

import dev.llfree.inspect.PoolInspection;
import dev.llfree.inspect.PoolInspector;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code llfree inspect}: everything about a pool, read without changing a byte. */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Shows a pool without changing a byte of it (read-only, shared lock; works after a crash and refuses a"
                + " pool that a process has open): header, geometry, durability, clean flag, consistency, free frames"
                + " and free huge frames, occupancy per tree, free blocks and Linux's fragmentation indices per order"
                + " (unusable free index and extfrag index), the largest free run, and the ideal compaction cost.",
            "Occupancy is counted from the bitfields, so stale counters after a crash do not mislead it.",
            "--live reads a pool another process is using, without its lock: never writes, never blocks the owner;"
                + " --watch repeats the view."
        },
        footer = {
            "%nExamples:",
            "  llfree inspect /dev/shm/pool",
            "  llfree inspect /dev/shm/pool --json | jq '.orders[9]'",
            "  llfree inspect /dev/shm/pool --map occupancy.png",
            "  llfree inspect /dev/shm/pool --live --watch 2     # a pool in use, every 2 s until interrupted"
        })
final class InspectCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POOL", description = "The pool file.")
    private Path pool;

    @Option(names = "--map", paramLabel = "PNG",
            description = "Also draw the occupancy map: one pixel per 2 MiB, white free, light to dark blue by frames"
                    + " allocated, orange huge frames, grey past the end.")
    private Path map;

    @Option(names = "--map-scale", defaultValue = "1", paramLabel = "N",
            description = "Draw each 2 MiB as N x N pixels, for small pools (default: ${DEFAULT-VALUE}).")
    private int mapScale;

    @Option(names = "--live",
            description = "Read the pool without its lock, so a pool another process has open can be watched: a moving"
                + " snapshot (each word as its owner wrote it); the clean flag and consistency are not judged.")
    private boolean live;

    @Option(names = "--watch", paramLabel = "SECONDS",
            description = "Print the view again every SECONDS (0.1 or more), until interrupted or --count views.")
    private Double watch;

    @Option(names = "--count", paramLabel = "N", description = "With --watch: stop after N views.")
    private Integer count;

    @Mixin
    private Output output;

    @Override
    public Integer call() throws IOException {
        if (map != null && map.toAbsolutePath().normalize().equals(pool.toAbsolutePath().normalize())) {
            throw new ParameterException(spec.commandLine(), "--map: " + map + " is the pool itself");
        }
        if (mapScale < 1 || mapScale > OccupancyMap.MAX_SCALE) {
            throw new ParameterException(spec.commandLine(), "--map-scale: " + mapScale + " (expected: 1.."
                    + OccupancyMap.MAX_SCALE + ")");
        }
        if (watch != null && watch < 0.1 || count != null && (watch == null || count < 1)) {
            throw new ParameterException(spec.commandLine(), "--watch: " + watch + ", --count: " + count
                    + " (expected: --watch of 0.1 s or more, --count of 1 or more with --watch)");
        }
        for (int view = 1; ; view++) {
            if (view > 1 && !output.json()) {
                spec.commandLine().getOut().println();
            }
            show();
            if (watch == null || count != null && view >= count) {
                return ExitCodes.OK;
            }
            try {
                Thread.sleep(Math.round(watch * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCodes.OK;
            }
        }
    }

    /** One view of the pool, with the map when asked for. */
    private void show() throws IOException {
        PoolInspection inspection;
        OccupancyMap.Size drawn = null;
        try (PoolInspector inspector = live ? PoolInspector.openLive(pool) : PoolInspector.open(pool)) {
            inspection = inspector.inspect();
            if (map != null) {
                drawn = OccupancyMap.write(inspector, map, mapScale);
            }
        }
        OccupancyMap.Size size = drawn;
        output.print(spec.commandLine().getOut(), inspection, out -> {
            InspectionText.print(out, inspection, live);
            if (size != null) {
                out.printf("%nmap           %s: %d x %d children, %s = 2 MiB, %d MiB per row; white free, light to dark"
                        + " blue 1..512 frames allocated, orange huge, grey past the end (legend and GiB axis in the"
                        + " image)%n", map, size.width() / mapScale, size.height() / mapScale,
                        mapScale == 1 ? "1 pixel" : mapScale + " x " + mapScale + " pixels", 2 * size.width() / mapScale);
            }
        });
    }
}
