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
            "Occupancy is counted from the bitfields, so stale counters after a crash do not mislead it."
        },
        footer = {
            "%nExamples:",
            "  llfree inspect /dev/shm/pool",
            "  llfree inspect /dev/shm/pool --json | jq '.orders[9]'",
            "  llfree inspect /dev/shm/pool --map occupancy.png"
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
        PoolInspection inspection;
        OccupancyMap.Size drawn = null;
        try (PoolInspector inspector = PoolInspector.open(pool)) {
            inspection = inspector.inspect();
            if (map != null) {
                drawn = OccupancyMap.write(inspector, map, mapScale);
            }
        }
        OccupancyMap.Size size = drawn;
        output.print(spec.commandLine().getOut(), inspection, out -> {
            InspectionText.print(out, inspection);
            if (size != null) {
                out.printf("%nmap           %s: %d x %d pixels, %s = 2 MiB, %d MiB per row; white free, light to dark"
                        + " blue 1..512 frames allocated, orange huge, grey past the end%n", map, size.width(),
                        size.height(), mapScale == 1 ? "1 pixel" : mapScale + " x " + mapScale + " pixels",
                        2 * size.width() / mapScale);
            }
        });
        return ExitCodes.OK;
    }
}
