package dev.llfree.cli;

import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import dev.llfree.OutOfFramesException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code llfree alloc}: allocates frame runs in a pool and prints their first frame numbers. */
@Command(name = "alloc", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Allocates COUNT runs of 2^ORDER frames in the pool and prints the first frame number of each, one per"
                + " line (decimal; 'llfree free' takes them back). Each run is allocated in the pool file before"
                + " it is printed, and printed (and flushed) before the next is taken.",
            "All or nothing: when the pool holds fewer free runs of the order, none is taken and nothing printed"
                + " (exit code 5).",
            "Killed midway (kill -9; or a power loss, with pmem or eadr durability), it leaves allocated the runs it printed and"
                + " at most one more, the one in flight: recovery at the next open keeps them all allocated, so free"
                + " the printed ones and, if the count is short by one, look for the extra run with 'llfree inspect'."
        },
        footer = {
            "%nExamples:",
            "  llfree alloc /dev/shm/pool                         # one 4 KiB frame",
            "  llfree alloc /dev/shm/pool --order 9 --kind huge   # one 2 MiB huge frame",
            "  llfree alloc /dev/shm/pool --count 100 --json      # 100 frames, as JSON"
        })
final class AllocCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POOL", description = "The pool file.")
    private Path pool;

    @Option(names = "--order", defaultValue = "0", paramLabel = "ORDER", converter = OrderConverter.class,
            description = "Runs of 2^ORDER frames, 0..10 or 18: 0 = 4 KiB, 9 = 2 MiB, 10 = 4 MiB, 18 = 1 GiB (default: ${DEFAULT-VALUE}).")
    private int order;

    @Option(names = "--kind", defaultValue = "movable", paramLabel = "KIND", converter = KindConverter.class,
            description = "movable, fixed or huge: what the frames are for (default: ${DEFAULT-VALUE}).")
    private Kind kind;

    @Option(names = "--count", defaultValue = "1", paramLabel = "COUNT",
            description = "Runs to allocate (default: ${DEFAULT-VALUE}).")
    private int count;

    @Mixin
    private Output output;

    @Override
    public Integer call() throws IOException {
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "count: " + count + " (expected: at least 1)");
        }
        try (CheckedPool checked = CheckedPool.open(pool, false)) {
            FrameAllocator p = checked.pool();
            if (count > p.frames() >> order) {
                throw new ParameterException(spec.commandLine(), "count: " + count + " runs of order " + order
                    + " do not fit in the pool's " + p.frames() + " frames");
            }
            long available = available(p);
            if (count > available) {
                throw new OutOfFramesException(order, available, count); // nothing taken, nothing printed
            }
            try (PrintedFrames printed = PrintedFrames.start(spec.commandLine().getOut(), output.json(), pool, order,
                    kind.name().toLowerCase(Locale.ROOT))) {
                for (int i = 0; i < count; i++) {
                    long frame = p.get(0, order, kind);
                    if (frame == FrameAllocator.NO_FRAME) { // the pool is this process's alone: only a bug gets here
                        throw new IllegalStateException("out of frames after " + i + " of " + count + " runs, although"
                            + " the pool held " + available + ": the " + i + " runs printed stay allocated");
                    }
                    printed.add(frame); // a kill leaves the run of this line, if unprinted, as the one in flight
                }
            }
        }
        return ExitCodes.OK;
    }

    /** The runs of the order the pool can still give: gets of it succeed exactly this often. */
    private long available(FrameAllocator p) {
        return order == FrameAllocator.GIANT_ORDER ? giantRegionsFree(p) : p.freeSpace().runs(order);
    }

    private static long giantRegionsFree(FrameAllocator p) {
        long free = 0;
        for (long region = 0; region + FrameAllocator.GIANT_FRAMES <= p.frames(); region += FrameAllocator.GIANT_FRAMES) {
            free += p.isFree(region, FrameAllocator.GIANT_ORDER) ? 1 : 0;
        }
        return free;
    }
}
