package dev.llfree.cli;

import dev.llfree.Durability;
import dev.llfree.FrameAllocator;
import dev.llfree.InvalidPoolException;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;
import dev.llfree.inspect.PoolInspector;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

/** {@code llfree init}: creates a pool file with every frame free. */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Creates a pool file managing SIZE of 4 KiB frames, every frame free. The pool is built under a"
                + " temporary name beside POOL and renamed to POOL only once it is complete, so a failing init leaves"
                + " nothing behind. An existing file is never overwritten without --force, and --force overwrites only"
                + " an llfree pool that no process has open, or an empty regular file.",
        footer = {
            "%nExamples:",
            "  llfree init /mnt/pmem/pool --size 64G                  # on a DAX file: pmem or eadr",
            "  llfree init /dev/shm/pool --size 8G --durability pmem  # DRAM emulating pmem",
            "  llfree init pool --size 1G --data --force              # frames stored in the file too"
        })
final class InitCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POOL", description = "The pool file to create.")
    private Path pool;

    @Option(names = "--size", required = true, paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Memory the pool manages, a multiple of 4 KiB with a K, M, G or T suffix, e.g. 8G.")
    private long size;

    @Option(names = "--durability", defaultValue = "auto", paramLabel = "MODE", converter = DurabilityConverter.class,
            completionCandidates = DurabilityConverter.Names.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}): auto picks eadr or pmem where libpmem"
                    + " reports persistent memory, else mapped (msync at close).")
    private Durability durability;

    @Option(names = "--data", description = "Also keep the frames themselves in the file (a 2 MiB-aligned data area of SIZE).")
    private boolean data;

    @Option(names = "--force", description = "Overwrite an existing llfree pool (unless a process has it open) or an"
            + " empty regular file; anything else at POOL is refused and left alone.")
    private boolean force;

    @Mixin
    private Output output;

    /** What {@code init} created. */
    record Created(Path pool, long frames, long bytes, long hugeFrames, int trees, String durability, boolean data,
                   long fileBytes) { }

    @Override
    public Integer call() throws IOException {
        long frames = frames();
        Created created;
        try (Replaced _ = replaced()) {
            Path building = Files.createTempFile(pool.toAbsolutePath().getParent(), "." + pool.getFileName() + ".", ".new");
            try {
                Files.delete(building); // the pool is created anew under this name
                try (PoolAllocator p = LLFree.pool(building).frames(frames).data(data).durability(durability).cores(1)
                        .create()) {
                    created = new Created(pool, frames, frames * FrameAllocator.FRAME_SIZE,
                            frames / FrameAllocator.HUGE_FRAMES, p.stats().trees().size(), p.durability().label(),
                            p.hasData(), Files.size(building));
                }
                Files.move(building, pool, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(building);
            }
        }
        output.print(spec.commandLine().getOut(), created, out -> print(out, created));
        return ExitCodes.OK;
    }

    /**
     * What is at POOL now, checked: nothing, or with --force an empty regular file or a pool that stays locked
     * (read-only, shared) until the new pool has replaced it, so no process can open it meanwhile.
     */
    private Replaced replaced() throws IOException {
        if (!Files.exists(pool, LinkOption.NOFOLLOW_LINKS)) {
            return new Replaced(null);
        }
        if (Files.isDirectory(pool)) {
            throw new ParameterException(spec.commandLine(), "POOL: " + pool + " is a directory");
        }
        if (!force) {
            throw new FileAlreadyExistsException(pool.toString(), null, "already exists (--force overwrites it)");
        }
        if (!Files.isRegularFile(pool, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(pool.toString(), null, "is not a regular file (a device, a link or"
                    + " another special file): --force overwrites only an llfree pool or an empty file; it is left alone");
        }
        if (Files.size(pool) == 0) {
            return new Replaced(null);
        }
        try {
            return new Replaced(PoolInspector.open(pool));
        } catch (InvalidPoolException e) {
            throw new FileAlreadyExistsException(pool.toString(), null, "is not an llfree pool (" + e.getMessage()
                    + "): --force overwrites only an llfree pool or an empty file; it is left alone");
        }
    }

    /** The pool being replaced, held read-only while the new one is built, or nothing. */
    private record Replaced(PoolInspector old) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (old != null) {
                old.close();
            }
        }
    }

    private long frames() {
        long frames = size / FrameAllocator.FRAME_SIZE;
        if (size % FrameAllocator.FRAME_SIZE != 0 || frames == 0) {
            throw new ParameterException(spec.commandLine(), "size: " + size + " bytes (expected: a positive multiple of"
                    + " the 4 KiB frame size, e.g. 64M or 8G)");
        }
        return frames;
    }

    private static void print(PrintWriter out, Created created) {
        out.printf("created %s: %s in %d frames of 4 KiB (%d huge frames of 2 MiB, %d %s)%n", created.pool(),
                Sizes.of(created.bytes()), created.frames(), created.hugeFrames(), created.trees(),
                created.trees() == 1 ? "tree" : "trees");
        out.printf("durability %s; %s; file %s%n", created.durability(),
                created.data() ? "frames stored in the file (data area)" : "metadata only (no data area)",
                Sizes.of(created.fileBytes()));
    }
}
