package dev.llfree.crash;

import dev.llfree.Durability;
import dev.llfree.core.Geometry;
import dev.llfree.core.SegmentProbe;
import dev.llfree.core.persist.Memory;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.persist.Persistence;
import dev.llfree.core.persist.WriteBack;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A simulated ADR persistence domain: a {@link Memory} with {@link Durability#PMEM} whose {@link #segment()} is the
 * CPU cache. The allocator's stores and CASes go there; a cache line reaches the separate media image when a thread
 * flushes it (which snapshots the line, like clwb) and then drains (which writes that thread's snapshots to the
 * media, like sfence; the media never goes back to an older version), or when the CPU evicts it, at any moment.
 *
 * <pre>
 *   store/CAS ──> cache ──flush──> snapshot (per thread) ──drain──> media
 *                   └─────────── eviction, at any time ───────────────┘
 * </pre>
 *
 * So a power failure leaves, for every 64-byte line independently, its media version or any version the line has had
 * in the cache since that one: an eviction may have written back any of them last. The versions are recorded store by
 * store: the {@link SegmentProbe} tells this memory of every access through the allocator's VarHandle before it
 * happens, and the line's content then is the version its last store made. A crash image can therefore hold a version
 * that was overwritten before the next crash point, and a line whose earlier 8-byte stores persisted while its later
 * ones did not: each aligned store is atomic, a line is not. Stores to one line persist in their order (on x86,
 * write-back stores to one line are the one case where persist order is visibility order), so a line's image is
 * always one of its versions. {@link #capture()} lists them; {@link #materialise} builds one crash image.
 *
 * <p>The crash points are the moments the allocator hands control to the memory: before every flush and drain, and
 * after every drain (the persist point). The {@link Listener} is called at each of them.
 *
 * <p>A negative control's {@link FlushFault} loses chosen flushes: their snapshots never reach the media.
 *
 * <p>Not thread-safe: threads sharing it take turns ({@link Baton}), which also orders their stores. One instance at
 * a time: it holds the JVM's {@link SegmentProbe} until {@link #close()}, and sees the accesses through
 * {@link #segment()} itself (an access through a slice of it fails).
 */
final class SimulatedPmem implements Memory, WriteBack {
    static final int LINE = Geometry.CACHE_LINE;
    private static final int LINE_LONGS = LINE / Long.BYTES;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;

    /** Called at every crash point, on the thread that reached it. */
    interface Listener {
        void crashPoint(String event);
    }

    /**
     * The flushes a negative control loses, decided at the drain that would make them durable: {@code last} is
     * whether the flush is its site's last one by the thread since its previous drain (a batch's flush of its last
     * line; the earlier ones are the flushes of the lines it left).
     */
    interface FlushFault {
        FlushFault NONE = (site, last) -> false;

        boolean drops(PersistSite site, boolean last);
    }

    /** A line as one thread flushed it, not yet drained; {@code seq} orders versions of a line. */
    private record Snapshot(int line, long seq, PersistSite site, long[] content) { }

    /** A content a line had in the cache, recorded at {@code seq}. */
    private static final class Version {
        final long seq;
        final long[] content;
        /** It was the cache content at a crash point (else it existed only between two). */
        final boolean atCrashPoint;
        boolean offered;

        Version(long seq, long[] content, boolean atCrashPoint) {
            this.seq = seq;
            this.content = content;
            this.atCrashPoint = atCrashPoint;
        }
    }

    private final Arena arena = Arena.ofShared();
    private final long bytes;
    private final MemorySegment cache;
    private final MemorySegment media;
    /** Per line: its last version recorded, or its media version if it has none since (what a new version differs from). */
    private final MemorySegment lastVersion;
    private final long[] mediaSeq;
    /** Per line: the versions since the media's, oldest first (null if none). */
    private final List<List<Version>> history;
    /** Per line: its cache content at the last crash point that found it newer than the media. */
    private final Map<Integer, long[]> atLastCrashPoint = new HashMap<>();
    private final Map<Thread, List<Snapshot>> inFlight = new HashMap<>();
    private final Map<PersistSite, Long> flushes = new EnumMap<>(PersistSite.class);
    private final SegmentProbe.Probe probe = this::beforeAccess;
    private final Persistence persistence = Persistence.perOperation(this);
    private long seq;
    private long dropped;
    private long olderVersions;
    private long storeVersions;
    private Listener listener = event -> { };
    private FlushFault fault = FlushFault.NONE;

    SimulatedPmem(long bytes) {
        this.bytes = (bytes + LINE - 1) & -LINE;
        this.cache = arena.allocate(this.bytes, LINE);
        this.media = arena.allocate(this.bytes, LINE);
        this.lastVersion = arena.allocate(this.bytes, LINE);
        this.mediaSeq = new long[lines()];
        this.history = new ArrayList<>(Collections.nCopies(lines(), null));
        SegmentProbe.install(probe);
    }

    void listener(Listener listener) {
        this.listener = listener;
    }

    void fault(FlushFault fault) {
        this.fault = fault;
    }

    long bytes() {
        return bytes;
    }

    int lines() {
        return (int) (bytes / LINE);
    }

    /** Flushes the fault lost. */
    long dropped() {
        return dropped;
    }

    /** Flushes per site since {@link #persistAll()}. */
    Map<PersistSite, Long> flushes() {
        return Map.copyOf(flushes);
    }

    /**
     * Versions offered to crash images that a model taking versions only at crash points would not have offered:
     * overwritten before the crash point without being flushed (counted once each).
     */
    long olderVersions() {
        return olderVersions;
    }

    /** Of the {@link #olderVersions()}, those that existed only between two crash points: seen store by store. */
    long storeVersions() {
        return storeVersions;
    }

    /** Makes the media equal the cache, as a clean close or a create's final sync does, and starts counting anew. */
    void persistAll() {
        MemorySegment.copy(cache, 0, media, 0, bytes);
        MemorySegment.copy(cache, 0, lastVersion, 0, bytes);
        inFlight.clear();
        Collections.fill(history, null);
        atLastCrashPoint.clear();
        Arrays.fill(mediaSeq, ++seq);
        flushes.clear();
        dropped = 0;
        olderVersions = 0;
        storeVersions = 0;
    }

    @Override
    public MemorySegment segment() {
        return cache;
    }

    @Override
    public Durability durability() {
        return Durability.PMEM;
    }

    @Override
    public Persistence persistence() {
        return persistence;
    }

    @Override
    public void flush(PersistSite site, long offset) {
        flush(site, offset, 1);
    }

    private void flush(PersistSite site, long offset, long length) {
        listener.crashPoint("flush " + offset + "+" + length);
        List<Snapshot> mine = inFlight.computeIfAbsent(Thread.currentThread(), t -> new ArrayList<>());
        for (long line = offset & -LINE; line < offset + length; line += LINE) {
            flushes.merge(site, 1L, Long::sum);
            mine.add(new Snapshot((int) (line / LINE), ++seq, site, read(cache, (int) (line / LINE))));
        }
    }

    @Override
    public void drain() {
        listener.crashPoint("drain");
        List<Snapshot> mine = inFlight.remove(Thread.currentThread());
        if (mine != null) {
            for (int i = 0; i < mine.size(); i++) {
                Snapshot s = mine.get(i);
                if (fault.drops(s.site(), lastOfItsSite(mine, i))) {
                    dropped++;
                } else {
                    writeToMedia(s);
                }
            }
        }
        listener.crashPoint("after drain");
    }

    private static boolean lastOfItsSite(List<Snapshot> snapshots, int i) {
        for (int j = i + 1; j < snapshots.size(); j++) {
            if (snapshots.get(j).site() == snapshots.get(i).site()) {
                return false;
            }
        }
        return true;
    }

    /** The snapshot becomes the media version unless a newer one is durable; older versions can no longer persist. */
    private void writeToMedia(Snapshot s) {
        if (s.seq() <= mediaSeq[s.line()]) {
            return;
        }
        MemorySegment.copy(s.content(), 0, media, LONG, (long) s.line() * LINE, LINE_LONGS);
        mediaSeq[s.line()] = s.seq();
        List<Version> versions = history.get(s.line());
        if (versions != null) {
            versions.removeIf(v -> v.seq < s.seq());
            if (versions.isEmpty()) {
                history.set(s.line(), null);
            }
        }
        if (history.get(s.line()) == null) {
            MemorySegment.copy(s.content(), 0, lastVersion, LONG, (long) s.line() * LINE, LINE_LONGS);
        }
    }

    @Override
    public void sync(PersistSite site, long offset, long length) {
        flush(site, offset, length);
        drain();
    }

    @Override
    public void close() {
        SegmentProbe.remove(probe);
        arena.close();
    }

    /** Records the content of the line about to be accessed if it is a new version: the one the last store made. */
    private void beforeAccess(MemorySegment segment, long offset) {
        if (segment != cache) {
            long address = segment.address() + offset;
            if (segment.isNative() && address >= cache.address() && address < cache.address() + bytes) {
                throw new IllegalStateException("an access to the simulated cache through another segment object"
                    + " (a slice?): versions are recorded for accesses through segment() only");
            }
            return;
        }
        long off = offset & -LINE;
        if (MemorySegment.mismatch(cache, off, off + LINE, lastVersion, off, off + LINE) < 0) {
            return;
        }
        int line = (int) (offset / LINE);
        if (history.get(line) == null) {
            history.set(line, new ArrayList<>());
        }
        long[] content = read(cache, line);
        history.get(line).add(new Version(++seq, content, Arrays.equals(content, atLastCrashPoint.get(line))));
        MemorySegment.copy(cache, off, lastVersion, off, LINE);
    }

    /**
     * The lines a crash now may find newer than the media, each with its possible newer versions (the versions since
     * the media's, oldest first, then the cache content), without duplicates and without the media version itself.
     */
    CrashPoint capture() {
        Map<Integer, long[]> dirty = new TreeMap<>();
        for (int line = 0; line < history.size(); line++) {
            if (history.get(line) != null) {
                dirty.put(line, read(cache, line));
            }
        }
        for (long off = 0; off < bytes; ) {
            long mismatch = MemorySegment.mismatch(cache, off, bytes, media, off, bytes);
            if (mismatch < 0) {
                break;
            }
            int line = (int) ((off + mismatch) / LINE);
            dirty.put(line, read(cache, line));
            off = (long) (line + 1) * LINE;
        }
        Map<Integer, List<long[]>> newer = new TreeMap<>();
        for (Map.Entry<Integer, long[]> e : dirty.entrySet()) {
            List<long[]> versions = versions(e.getKey(), e.getValue());
            if (!versions.isEmpty()) {
                newer.put(e.getKey(), versions);
            }
            atLastCrashPoint.put(e.getKey(), e.getValue());
        }
        int[] lines = new int[newer.size()];
        long[][][] versions = new long[lines.length][][];
        int i = 0;
        for (Map.Entry<Integer, List<long[]>> e : newer.entrySet()) {
            lines[i] = e.getKey();
            versions[i++] = e.getValue().toArray(new long[0][]);
        }
        return new CrashPoint(lines, versions);
    }

    /** The versions of {@code line} a crash may find, given its cache content {@code current}. */
    private List<long[]> versions(int line, long[] current) {
        long[] onMedia = read(media, line);
        List<long[]> versions = new ArrayList<>();
        for (Version v : history.get(line) == null ? List.<Version>of() : history.get(line)) {
            if (Arrays.equals(v.content, onMedia) || Arrays.equals(v.content, current) || contains(versions, v.content)) {
                continue;
            }
            versions.add(v.content);
            if (!v.offered && !inFlight(line, v.content)) {
                olderVersions++;
                storeVersions += v.atCrashPoint ? 0 : 1;
            }
            v.offered = true;
        }
        if (!Arrays.equals(current, onMedia)) {
            versions.add(current);
        }
        return versions;
    }

    private boolean inFlight(int line, long[] content) {
        for (List<Snapshot> snapshots : inFlight.values()) {
            for (Snapshot s : snapshots) {
                if (s.line() == line && Arrays.equals(s.content(), content)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean contains(List<long[]> versions, long[] content) {
        for (long[] v : versions) {
            if (Arrays.equals(v, content)) {
                return true;
            }
        }
        return false;
    }

    private static long[] read(MemorySegment segment, int line) {
        long[] content = new long[LINE_LONGS];
        MemorySegment.copy(segment, LONG, (long) line * LINE, content, 0, LINE_LONGS);
        return content;
    }

    /**
     * Writes the crash image {@code choice} of {@code point} to {@code target}: the media, with line
     * {@code point.lines()[i]} replaced by its version {@code choice[i] - 1} where {@code choice[i] > 0}.
     */
    void materialise(CrashPoint point, int[] choice, MemorySegment target) {
        MemorySegment.copy(media, 0, target, 0, bytes);
        for (int i = 0; i < choice.length; i++) {
            if (choice[i] > 0) {
                MemorySegment.copy(point.versions()[i][choice[i] - 1], 0, target, LONG,
                    (long) point.lines()[i] * LINE, LINE_LONGS);
            }
        }
    }
}
