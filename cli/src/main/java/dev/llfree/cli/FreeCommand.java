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
import picocli.CommandLine.TypeConversionException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
            "  llfree free /dev/shm/pool $(llfree alloc /dev/shm/pool --count 8)",
            "  llfree alloc /dev/shm/pool --count 100000 | llfree free /dev/shm/pool -",
            "  llfree free /dev/shm/pool - < frames.txt"
        })
final class FreeCommand implements Callable<Integer> {
    private static final FrameConverter FRAMES = new FrameConverter();

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POOL", description = "The pool file.")
    private Path pool;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FRAME",
            description = "First frame of a run: decimal, or hexadecimal with 0x; '-' reads frames from standard input,"
                + " separated by white space as 'llfree alloc' prints them (in linear time: for lists too long for a"
                + " command line).")
    private List<String> arguments;

    @Option(names = "--order", defaultValue = "0", paramLabel = "ORDER", converter = OrderConverter.class,
            description = "The runs' order, as they were allocated (default: ${DEFAULT-VALUE}).")
    private int order;

    @Mixin
    private Output output;

    /** What {@code free} freed: the first frame of each run. */
    record Freed(Path pool, int order, List<Long> frames) { }

    @Override
    public Integer call() throws IOException {
        List<Long> frames = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.equals("-")) {
                frames.addAll(standardInput());
            } else {
                frames.add(parse(argument, "FRAME"));
            }
        }
        Set<Long> seen = new HashSet<>();
        for (long frame : frames) {
            if (!seen.add(frame)) {
                throw new ParameterException(spec.commandLine(), "FRAME: frame " + frame + " is given twice");
            }
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

    /** The frames listed on standard input, in order. */
    private List<Long> standardInput() throws IOException {
        List<Long> listed = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int line = 0;
        for (String text = in.readLine(); text != null; text = in.readLine()) {
            line++;
            for (String word : text.strip().split("\\s+")) {
                if (!word.isEmpty()) {
                    listed.add(parse(word, "standard input, line " + line));
                }
            }
        }
        return listed;
    }

    private long parse(String word, String where) {
        try {
            return FRAMES.convert(word);
        } catch (TypeConversionException e) {
            throw new ParameterException(spec.commandLine(), where + ": " + e.getMessage());
        }
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
