package dev.llfree.inspect;

import dev.llfree.FreeSpace;
import dev.llfree.Kind;
import dev.llfree.compaction.LowerBound;
import dev.llfree.core.Geometry;
import dev.llfree.core.lower.FreeBlocks;
import dev.llfree.core.lower.Lower;
import dev.llfree.core.words.ChildEntry;
import dev.llfree.file.PoolFile;
import dev.llfree.file.PoolHeader;
import dev.llfree.file.PoolLayout;
import dev.llfree.pmem.Pmem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A read-only view of a pool file, for inspection and fsck: it cannot change a byte of the file.
 *
 * <p>Open: {@link PoolFile#openReadOnly} (the shared lock, so a pool in use is refused and cannot be opened for
 * writing while inspected; the header checked; the metadata mapped read-only, so a store would throw). Nothing is
 * recovered: stale counters are reported, not mended.
 *
 * <pre>{@code
 * try (PoolInspector pool = PoolInspector.open(path)) {
 *     PoolInspection report = pool.inspect();
 *     if (report.consistency().verdict() != Consistency.Verdict.CLEAN) { ... }
 * }
 * }</pre>
 *
 * <p>Thread safety: not thread-safe; {@link #close()} must not race with other calls.
 */
public final class PoolInspector implements AutoCloseable {
    private final PoolFile file;
    private final PoolHeader header;
    private final Lower lower;

    private PoolInspector(PoolFile file) {
        this.file = file;
        this.header = file.header();
        this.lower = new Lower(file.memory(), PoolLayout.bitfieldOffset(), header.frames());
    }

    /**
     * Opens the pool file at {@code path} for inspection.
     *
     * @throws dev.llfree.InvalidPoolException if the file is not a valid pool
     * @throws dev.llfree.PoolInUseException if a process (or this JVM) has the pool open
     * @throws IOException if the file cannot be read
     */
    public static PoolInspector open(Path path) throws IOException {
        return new PoolInspector(PoolFile.openReadOnly(path));
    }

    /**
     * Opens a pool read-only without its lock ({@link PoolFile#openLive}), for a view of a pool another process is
     * using: the figures are a moving snapshot, and the consistency checks may see operations half done.
     */
    public static PoolInspector openLive(Path path) throws IOException {
        return new PoolInspector(PoolFile.openLive(path));
    }

    /** The checked header. */
    public PoolHeader header() {
        return header;
    }

    /** Whether the clean flag is set: a clean close set it, and no open has cleared it since. */
    public boolean cleanFlag() {
        return file.cleanFlag();
    }

    /** Whether the next open trusts the counters: the one rule of {@link PoolFile#state}. */
    public boolean closedCleanly() {
        return file.state() == PoolFile.State.CLEAN;
    }

    /**
     * Whether the metadata changed while the pool was closed (its clean flag set, its checksum not matching): media
     * corruption, which an open refuses.
     */
    public boolean changedWhileClosed() {
        return file.state() == PoolFile.State.CHANGED_WHILE_CLOSED;
    }

    /** The 2 MiB children of the pool. */
    public long children() {
        return lower.children();
    }

    /** Frames child {@code child} has: 512, fewer for a partial last child. */
    public int capacity(long child) {
        return lower.capacity(child);
    }

    /** Whether child {@code child} is allocated whole, as a huge frame. */
    public boolean huge(long child) {
        return ChildEntry.huge(lower.childEntry(child));
    }

    /** The kind recorded for child {@code child} by the gets that took its frames, or null if none is. */
    public Kind kind(long child) {
        int kind = ChildEntry.kind(lower.childEntry(child));
        return kind < 0 ? null : Kind.of(kind);
    }

    /** Whether child {@code child} is part of an allocated giant (1 GiB) frame: its flag and its region's bit set. */
    public boolean giant(long child) {
        return lower.allocatedWhole(child) && !huge(child);
    }

    /** Allocated frames of child {@code child}, from its row and its huge flag or giant bit (0..{@link #capacity}). */
    public int allocated(long child) {
        int capacity = lower.capacity(child);
        if (lower.allocatedWhole(child)) {
            return capacity;
        }
        return Math.clamp(lower.allocatedInRow(child) - (Geometry.CHILD_FRAMES - capacity), 0, capacity);
    }

    /** Allocated giant (1 GiB) frames: regions whose bit is set. */
    public long giantFrames() {
        long giant = 0;
        for (long region = 0; region < lower.giant().regions(); region++) {
            giant += lower.giantBits().committed(region) ? 1 : 0;
        }
        return giant;
    }

    /** The fsck: the metadata checksum of a clean close, and every child's counter, bits and flags (see {@link Consistency}). */
    public Consistency consistency() {
        return Consistency.check(lower, changedWhileClosed());
    }

    /**
     * Everything at once: occupancy, free space, the compaction bound (occupancies from the bitfields,
     * so right after a crash too) and consistency.
     */
    public PoolInspection inspect() throws IOException {
        List<PoolInspection.Tree> trees = new ArrayList<>();
        IntStream.Builder used = IntStream.builder();
        long room = 0;
        long free = 0;
        long freeHuge = 0;
        long hugeFrames = 0;
        long[][] byKind = new long[Kind.COUNT + 1][3]; // [kind ordinal, or COUNT for unknown][children, allocated, free]
        for (long t = 0; t < Geometry.trees(header.frames()); t++) {
            long first = Geometry.firstChildOfTree(t);
            long end = Geometry.endChildOfTree(t, lower.children());
            long treeFree = 0;
            long treeFreeHuge = 0;
            long treeHuge = 0;
            for (long c = first; c < end; c++) {
                int capacity = lower.capacity(c);
                int allocated = allocated(c);
                boolean huge = huge(c);
                treeFree += capacity - allocated;
                treeHuge += huge ? 1 : 0;
                treeFreeHuge += ChildEntry.freeHuge(lower.rebuiltEntry(c)) ? 1 : 0; // as recovery would count it
                if (allocated > 0) {
                    Kind kind = kind(c);
                    long[] share = byKind[kind == null ? Kind.COUNT : kind.ordinal()];
                    share[0]++;
                    share[1] += allocated;
                    share[2] += capacity - allocated;
                }
                if (!lower.allocatedWhole(c) && allocated > 0) { // the bound's candidates and room, as LowerBound.of counts them
                    room += capacity - allocated;
                    if (capacity == Geometry.CHILD_FRAMES) {
                        used.add(allocated);
                    }
                }
            }
            trees.add(new PoolInspection.Tree(t, Geometry.treeCapacity(t, header.frames()), treeFree, treeFreeHuge,
                treeHuge));
            free += treeFree;
            freeHuge += treeFreeHuge;
            hugeFrames += treeHuge;
        }
        FreeSpace space = FreeBlocks.scan(lower);
        List<PoolInspection.Order> orders = new ArrayList<>();
        for (int k = 0; k <= Geometry.MAX_ORDER; k++) {
            orders.add(new PoolInspection.Order(k, space.blocks(k),
                (double) space.unusableFreeIndex(k) / FreeSpace.SCALE,
                (double) space.fragmentationIndex(k) / FreeSpace.SCALE));
        }
        boolean libpmem = Pmem.isAvailable();
        return new PoolInspection(file.path(), header, Geometry.CHILD_FRAMES, Geometry.TREE_FRAMES, file.size(),
            cleanFlag(), closedCleanly(), libpmem, libpmem && Pmem.hasAutoFlush(), free, freeHuge, hugeFrames,
            giantFrames(),
            space.largestRun(), space.largestOrder(), orders, trees, kindShares(byKind),
            compaction(LowerBound.of(used.build().toArray(), room)), consistency());
    }

    private static List<PoolInspection.KindShare> kindShares(long[][] byKind) {
        List<PoolInspection.KindShare> shares = new ArrayList<>();
        for (int k = 0; k < byKind.length; k++) {
            long[] share = byKind[k];
            shares.add(new PoolInspection.KindShare(k < Kind.COUNT ? Kind.of(k) : null, share[0], share[1], share[2]));
        }
        return shares;
    }

    private static PoolInspection.Compaction compaction(LowerBound bound) {
        return new PoolInspection.Compaction(bound.clearable(), bound.moves(bound.clearable()));
    }

    /** Unmaps the file and releases the lock. */
    @Override
    public void close() throws IOException {
        file.close();
    }
}
