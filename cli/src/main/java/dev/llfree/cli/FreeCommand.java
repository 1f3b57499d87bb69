package dev.llfree.cli;

import dev.llfree.DoubleFreeException;
import dev.llfree.PoolAllocator;

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
            "Every FRAME is checked before any is freed: out of range, misaligned, given twice or allocated with"
                + " another order (exit code 2), or already free (exit code 1); nothing is freed then.",
            "Orders: the pool records the order of huge (9, 10) and giant (18) frames, not of smaller runs. Among"
                + " orders 0..8 a smaller order than allocated frees only part of the run (the rest stays allocated),"
                + " and a larger one frees every run it covers if all its frames are allocated: give the order"
                + " 'llfree alloc' was given."
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
            PoolAllocator p = checked.pool();
            frames.forEach(frame -> checkPut(p, frame));
            frames.forEach(frame -> p.put(0, frame, order)); // every put was checked, in a pool no one else uses
        }
        Freed freed = new Freed(pool, order, frames);
        output.print(spec.commandLine().getOut(), freed, out -> out.printf("freed %d %s of order %d (%s)%n",
                frames.size(), frames.size() == 1 ? "run" : "runs", order, Sizes.ofFrames((long) frames.size() << order)));
        return ExitCodes.OK;
    }

    /** Refuses, before anything is freed, a run that put would refuse: a usage error, or a double free. */
    private void checkPut(PoolAllocator p, long frame) {
        try {
            p.checkPut(frame, order);
        } catch (DoubleFreeException e) {
            throw new DoubleFreeException(e.getMessage() + "; nothing was freed");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage() + "; nothing was freed");
        }
    }
}
