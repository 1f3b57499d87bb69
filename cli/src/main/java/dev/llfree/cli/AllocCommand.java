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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code llfree alloc}: allocates frame runs in a pool and prints their first frame numbers. */
@Command(name = "alloc", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Allocates COUNT runs of 2^ORDER frames in the pool and prints the first frame number of each, one per"
                + " line (decimal; 'llfree free' takes them back). They are durable when it returns.",
            "All or nothing: when fewer runs are free, none is kept (exit code 5)."
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

    @Option(names = "--kind", defaultValue = "movable", paramLabel = "KIND",
            description = "movable, fixed or huge: what the frames are for (default: ${DEFAULT-VALUE}).")
    private Kind kind;

    @Option(names = "--count", defaultValue = "1", paramLabel = "COUNT",
            description = "Runs to allocate (default: ${DEFAULT-VALUE}).")
    private int count;

    @Mixin
    private Output output;

    /** What {@code alloc} allocated: the first frame of each run. */
    record Allocated(Path pool, int order, String kind, List<Long> frames) { }

    @Override
    public Integer call() throws IOException {
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "count: " + count + " (expected: at least 1)");
        }
        long[] frames = new long[count];
        try (CheckedPool checked = CheckedPool.open(pool, false)) {
            FrameAllocator p = checked.pool();
            for (int i = 0; i < count; i++) {
                frames[i] = p.get(0, order, kind);
                if (frames[i] == FrameAllocator.NO_FRAME) {
                    p.putBatch(0, order, frames, 0, i); // UNDO: all or nothing
                    throw new OutOfFramesException(order, p.freeFrames());
                }
            }
        }
        Allocated allocated = new Allocated(pool, order, kind.name().toLowerCase(Locale.ROOT),
                Arrays.stream(frames).boxed().toList());
        output.print(spec.commandLine().getOut(), allocated, out -> allocated.frames().forEach(out::println));
        return ExitCodes.OK;
    }
}
