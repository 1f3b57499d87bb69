package dev.llfree.bench;

import dev.llfree.Durability;
import dev.llfree.FrameAllocator;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;
import dev.llfree.bench.baseline.BuddyAllocator;
import dev.llfree.pmem.Pmem;
import dev.llfree.pmem.PmemException;
import dev.llfree.pmemobj.PmemObj;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The allocators the bench compares, by name: {@code llfree} in each {@link Durability},
 * {@code buddy} (the Linux page allocator model, {@link BuddyAllocator}) and {@code pmemobj} (PMDK's
 * libpmemobj, {@link dev.llfree.bench.baseline.PmemObjAllocator}). Persistent ones live on files in a pool
 * directory: {@code /dev/shm} (tmpfs: DRAM emulating persistent memory) by default.
 *
 * <p>Thread safety: stateless.
 */
public final class Allocators {
    /** LLFree, in any durability. */
    public static final String LLFREE = "llfree";
    /** The Linux buddy allocator model. */
    public static final String BUDDY = "buddy";
    /** PMDK's libpmemobj. */
    public static final String PMEMOBJ = "pmemobj";
    /** Every name, in the order a selection lists them. */
    public static final List<String> NAMES = List.of(LLFREE, BUDDY, PMEMOBJ);
    /**
     * The durabilities LLFree can be benchmarked in. {@link Durability#AUTO} runs as what a
     * pool on the pool file (or in the pool directory) resolves it to, and is labelled so.
     */
    public static final List<Durability> DURABILITIES = List.of(Durability.VOLATILE, Durability.PMEM, Durability.EADR,
            Durability.MAPPED, Durability.AUTO);

    private Allocators() { }

    /**
     * The factories for {@code names} (LLFree once per durability), without those whose native library is
     * missing.
     *
     * @param factories    what can run, in the order of {@code names} and {@code durabilities}
     * @param warnings     one line per allocator skipped (why, and how to install what is missing) and per
     *                     measurement caveat
     */
    public record Selection(List<AllocatorFactory> factories, List<String> warnings) { }

    /**
     * Selects allocators by name.
     *
     * @param pool a pool file for LLFree's persistent durabilities (opened when it exists, else created;
     *             kept), or {@code null} for a temporary file per run; pmemobj's temporary pool goes into
     *             its directory
     * @throws IllegalArgumentException naming a bad allocator name
     * @throws IOException if no temporary pool file can be made
     */
    public static Selection select(List<String> names, List<Durability> durabilities, Path pool) throws IOException {
        Path dir = pool == null ? defaultPoolDirectory() : pool.toAbsolutePath().getParent();
        List<AllocatorFactory> factories = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String name : names.stream().distinct().toList()) {
            if (name.equals(LLFREE)) {
                for (Durability durability : durabilities.stream().distinct().toList()) {
                    String missing = missingLibrary(durability);
                    if (missing == null) {
                        AllocatorFactory factory = llfree(durability, pool, dir);
                        factories.add(factory);
                        if (durability == Durability.AUTO) {
                            warnings.add("durability auto: llfree runs as " + factory.label() + ", what "
                                + (pool == null ? "a pool file in " + dir : "pool " + pool) + " resolves it to");
                        }
                    } else {
                        warnings.add("skipping llfree/" + durability.label() + ": " + missing);
                    }
                }
            } else if (name.equals(PMEMOBJ) && !PmemObj.isAvailable()) {
                warnings.add("skipping pmemobj: " + PmemObj.unavailableReason());
            } else {
                factories.add(name.equals(PMEMOBJ) ? pmemobj(dir) : of(name, Durability.VOLATILE));
                if (name.equals(PMEMOBJ) && !PmemObj.isPmemForced()) {
                    warnings.add("PMEM_IS_PMEM_FORCE=1 is not set: libpmemobj persists with msync on this file"
                            + " (durability column 'mapped'); set it to measure pmemobj with cache-line flushes"
                            + " as on persistent memory, e.g. PMEM_IS_PMEM_FORCE=1 ./llfree bench ...");
                }
            }
        }
        return new Selection(List.copyOf(factories), List.copyOf(warnings));
    }

    /**
     * The allocator {@code name} (LLFree in {@code durability}, which the baselines ignore) on temporary pool
     * files in {@link #defaultPoolDirectory()}, for callers that pick one allocator, such as the JMH benchmarks.
     *
     * @throws IllegalArgumentException naming a bad allocator name
     * @throws IOException if no temporary pool file can be made
     */
    public static AllocatorFactory of(String name, Durability durability) throws IOException {
        return switch (name) {
            case LLFREE -> llfree(durability, null, defaultPoolDirectory());
            case BUDDY -> buddy();
            case PMEMOBJ -> pmemobj(defaultPoolDirectory());
            default -> throw new IllegalArgumentException("allocator: '" + name + "' (expected one of: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    /**
     * LLFree in {@code durability}: in memory when volatile, else on {@code pool} or a temporary file in {@code dir};
     * AUTO is resolved first, so the factory's durability is the one measured.
     */
    static AllocatorFactory llfree(Durability durability, Path pool, Path dir) throws IOException {
        if (durability == Durability.VOLATILE) {
            return AllocatorFactory.LLFREE_VOLATILE;
        }
        if (durability == Durability.AUTO) {
            durability = resolveAuto(pool, dir);
        }
        LLFreePoolBuilder builder = pool == null ? LLFreePoolBuilder.temporary(dir, durability)
                : LLFreePoolBuilder.kept(pool, durability);
        return new AllocatorFactory(LLFREE, durability.label(), builder);
    }

    /** What {@link Durability#AUTO} is for {@code pool} (its recorded durability) or for a new pool file in {@code dir}. */
    private static Durability resolveAuto(Path pool, Path dir) throws IOException {
        if (pool != null && Files.exists(pool)) {
            try (PoolAllocator existing = LLFreePoolBuilder.waitingIfBusy(LLFree.pool(pool)::open)) {
                return existing.durability();
            }
        }
        Path probe = Files.createTempFile(pool == null ? dir : pool.toAbsolutePath().getParent(), "llfree-auto-", ".pool");
        Files.delete(probe); // the name is ours; the pool creates the file
        try (PoolAllocator created = LLFree.pool(probe).frames(FrameAllocator.HUGE_FRAMES).create()) {
            return created.durability();
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** The Linux buddy allocator model, with its per-CPU lists. */
    public static AllocatorFactory buddy() {
        return new AllocatorFactory(BUDDY, Durability.VOLATILE.label(), BuddyAllocator::create);
    }

    /**
     * libpmemobj on a temporary pool file in {@code dir}; its durability column says {@code pmem} when
     * {@code PMEM_IS_PMEM_FORCE=1} makes it flush cache lines, {@code mapped} when it msyncs.
     */
    public static AllocatorFactory pmemobj(Path dir) throws IOException {
        String durability = (PmemObj.isPmemForced() ? Durability.PMEM : Durability.MAPPED).label();
        return new AllocatorFactory(PMEMOBJ, durability, PmemObjPoolBuilder.temporary(dir));
    }

    /** Why LLFree cannot run in {@code durability} here (libpmem missing), or {@code null}. */
    private static String missingLibrary(Durability durability) {
        if (durability != Durability.PMEM && durability != Durability.EADR) {
            return null;
        }
        try {
            Pmem.requireAvailable();
            return null;
        } catch (PmemException e) {
            return e.getMessage();
        }
    }

    /** Where temporary pool files go: {@code /dev/shm} where it exists, else {@code java.io.tmpdir}. */
    public static Path defaultPoolDirectory() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * The frame count of the existing pool at {@code path}, which must be wholly free.
     *
     * @throws IOException if it is not a pool or cannot be opened
     * @throws IllegalArgumentException if frames are allocated in it
     */
    public static long poolFrames(Path path) throws IOException {
        try (PoolAllocator pool = LLFreePoolBuilder.waitingIfBusy(LLFree.pool(path)::open)) {
            if (pool.freeFrames() != pool.frames()) {
                throw new IllegalArgumentException("pool " + path + ": " + (pool.frames() - pool.freeFrames()) + " of "
                        + pool.frames() + " frames are allocated (expected: a wholly free pool, as the bench puts back"
                        + " everything it gets)");
            }
            return pool.frames();
        }
    }
}
