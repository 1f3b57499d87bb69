package dev.llfree.crash;

import dev.llfree.Durability;
import dev.llfree.core.Geometry;
import dev.llfree.core.persist.Memory;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.persist.Persistence;
import dev.llfree.core.persist.WriteBack;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A simulated ADR persistence domain: a {@link Memory} with {@link Durability#PMEM} whose
 * {@link #segment()} is the CPU cache. The allocator's stores and CASes go there; a cache line reaches
 * the separate media image only when a thread flushes it (which snapshots the line, like clwb) and then
 * drains (which writes that thread's snapshots to the media, like sfence; the media never goes back to
 * an older version). A power failure at any moment leaves, for every 64-byte line, the media version or
 * any newer one the line has had: a snapshot still in flight or the cache content, which the CPU may
 * have evicted on its own. {@link #capture()} lists them; {@link #materialise} builds one crash image.
 *
 * <pre>
 *   store/CAS ──> cache ──flush──> snapshot (per thread) ──drain──> media
 *                   └─────────── eviction, at any time ───────────────┘
 * </pre>
 *
 * The crash points are the moments the allocator hands control to the memory: before every flush and
 * drain, and after every drain (the persist point). The {@link Listener} is called at each of them.
 * Stores between two crash points are not seen one by one, so a version a line had only between them
 * is not among the crash images.
 *
 * <p>A negative control's {@link FlushFault} loses chosen flushes: their snapshots never reach the media.
 *
 * <p>Not thread-safe: threads sharing it take turns ({@link Baton}), which also orders their stores.
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

    private final Arena arena = Arena.ofShared();
    private final long bytes;
    private final MemorySegment cache;
    private final MemorySegment media;
    private final long[] mediaSeq;
    private final Map<Thread, List<Snapshot>> inFlight = new HashMap<>();
    private final Map<PersistSite, Long> flushes = new EnumMap<>(PersistSite.class);
    private long seq;
    private long dropped;
    private Listener listener = event -> { };
    private FlushFault fault = FlushFault.NONE;
    private final Persistence persistence = Persistence.perOperation(this);

    SimulatedPmem(long bytes) {
        this.bytes = (bytes + LINE - 1) & -LINE;
        this.cache = arena.allocate(this.bytes, LINE);
        this.media = arena.allocate(this.bytes, LINE);
        this.mediaSeq = new long[lines()];
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

    /** Makes the media equal the cache, as a clean close or a create's final sync does, and starts counting anew. */
    void persistAll() {
        MemorySegment.copy(cache, 0, media, 0, bytes);
        inFlight.clear();
        Arrays.fill(mediaSeq, ++seq);
        flushes.clear();
        dropped = 0;
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
            long[] content = new long[LINE_LONGS];
            MemorySegment.copy(cache, LONG, line, content, 0, LINE_LONGS);
            mine.add(new Snapshot((int) (line / LINE), ++seq, site, content));
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
                } else if (s.seq() > mediaSeq[s.line()]) {
                    MemorySegment.copy(s.content(), 0, media, LONG, (long) s.line() * LINE, LINE_LONGS);
                    mediaSeq[s.line()] = s.seq();
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

    @Override
    public void sync(PersistSite site, long offset, long length) {
        flush(site, offset, length);
        drain();
    }

    @Override
    public void close() {
        arena.close();
    }

    /**
     * The lines a crash now may find newer than the media, each with its possible newer versions (in
     * flight, then the cache content), without duplicates and without the media version itself.
     */
    CrashPoint capture() {
        Map<Integer, List<long[]>> newer = new TreeMap<>();
        for (List<Snapshot> snapshots : inFlight.values()) {
            for (Snapshot s : snapshots) {
                if (s.seq() > mediaSeq[s.line()]) {
                    addVersion(newer, s.line(), s.content());
                }
            }
        }
        for (long off = 0; off < bytes; ) {
            long mismatch = MemorySegment.mismatch(cache, off, bytes, media, off, bytes);
            if (mismatch < 0) {
                break;
            }
            long line = (off + mismatch) & -LINE;
            long[] content = new long[LINE_LONGS];
            MemorySegment.copy(cache, LONG, line, content, 0, LINE_LONGS);
            addVersion(newer, (int) (line / LINE), content);
            off = line + LINE;
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

    private void addVersion(Map<Integer, List<long[]>> newer, int line, long[] content) {
        long[] onMedia = new long[LINE_LONGS];
        MemorySegment.copy(media, LONG, (long) line * LINE, onMedia, 0, LINE_LONGS);
        if (Arrays.equals(content, onMedia)) {
            return;
        }
        List<long[]> versions = newer.computeIfAbsent(line, l -> new ArrayList<>());
        for (long[] v : versions) {
            if (Arrays.equals(v, content)) {
                return;
            }
        }
        versions.add(content);
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
