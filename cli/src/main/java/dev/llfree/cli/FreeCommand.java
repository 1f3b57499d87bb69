package dev.llfree.cli;

import dev.llfree.DoubleFreeException;
import dev.llfree.FrameAllocator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code llfree free}: frees frame runs of a pool. */
@Command(name = "free", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Frees the runs of 2^ORDER frames that start at each FRAME, as 'llfree alloc' allocated them. They are"
                + " durable when it returns.",
            "Every FRAME is checked before any is freed: out of range, misaligned or given twice (exit code 2), or"
                + " already free (exit code 1). A run allocated with another order is refused when it is reached."
        },
        footer = {
            "%nExamples:",
            "  llfree free /dev/shm/pool 0 1 2",
            "  llfree free /dev/shm/pool 0x200 --order 9",
            "  llfree free /dev/shm/pool $(llfree alloc /dev/shm/pool --count 8)"
        })
final class FreeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POOL", description = "The pool file.")
    private Path pool;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FRAME", converter = FrameConverter.class,
            description = "First frame of a run: decimal, or hexadecimal with 0x.")
    private List<Long> frames;

    @Option(names = "--order", defaultValue = "0", paramLabel = "ORDER", converter = OrderConverter.class,
            description = "The runs' order, as they were allocated (default: ${DEFAULT-VALUE}).")
    private int order;

    @Mixin
    private Output output;

    /** What {@code free} freed: the first frame of each run. */
    record Freed(Path pool, int order, List<Long> frames) { }

    @Override
    public Integer call() throws IOException {
        if (new HashSet<>(frames).size() != frames.size()) {
            throw new ParameterException(spec.commandLine(), "FRAME: a frame is given twice in " + frames);
        }
        try (CheckedPool checked = CheckedPool.open(pool, false)) {
            FrameAllocator p = checked.pool();
            frames.forEach(frame -> checkAllocated(p, frame));
            for (int i = 0; i < frames.size(); i++) {
                put(p, frames.get(i), i);
            }
        }
        Freed freed = new Freed(pool, order, frames);
        output.print(spec.commandLine().getOut(), freed, out -> out.printf("freed %d %s of order %d (%s)%n",
                frames.size(), frames.size() == 1 ? "run" : "runs", order, Sizes.ofFrames((long) frames.size() << order)));
        return ExitCodes.OK;
    }

    /** Refuses, before anything is freed, a frame out of range or misaligned (usage) or wholly free. */
    private void checkAllocated(FrameAllocator p, long frame) {
        boolean free;
        try {
            free = p.isFree(frame, order);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (free) {
            throw new DoubleFreeException("frame " + frame + " (0x" + Long.toHexString(frame) + ") of order " + order
                    + " is free already; nothing was freed");
        }
    }

    private void put(FrameAllocator p, long frame, int done) {
        try {
            p.put(0, frame, order);
        } catch (IllegalArgumentException | IllegalStateException e) {
            String freed = done == 0 ? "nothing was freed" : "the " + done + " runs before it were freed";
            throw e instanceof IllegalArgumentException
                    ? new ParameterException(spec.commandLine(), e.getMessage() + "; " + freed)
                    : new IllegalStateException(e.getMessage() + "; " + freed, e);
        }
    }
}
