package dev.llfree.cli;

import dev.llfree.FrameAllocator;
import dev.llfree.PoolView;
import dev.llfree.RunSink;
import dev.llfree.TraceException;
import dev.llfree.Tracer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

import static dev.llfree.cli.FrameConverter.hex;

/**
 * The tracer of {@code llfree recover --trace}: what an application reaches is a tree of <em>directories</em>
 * in the pool's data area, whose top directory's frame number is in root slot 0. A directory is a run:
 *
 * <pre>
 *   offset  0  magic "LLFDIR01" (8 bytes, the long 0x31305249_44464C4C little-endian)
 *   offset  8  order of this directory run (long, 0..10 or 18)
 *   offset 16  count of entries (long)
 *   offset 24  entries, 16 bytes each: frame (long), then order | DIRECTORY (long; DIRECTORY = 0x100
 *              marks a nested directory, traced in turn)
 * </pre>
 *
 * Every directory and every entry is reported as a reachable run. A directory reached twice (a cycle), a bad
 * magic, an order or count that does not fit, or a frame outside the pool is a {@link TraceException}:
 * tracing recovery then changes nothing. Integers are little-endian (the data area's native order on x86 and
 * arm64).
 */
final class DirectoryTracer implements Tracer {
    static final long MAGIC = 0x3130_5249_4446_4C4CL; // "LLFDIR01" read little-endian
    static final long DIRECTORY = 0x100;
    static final int ORDER_OFFSET = 8;
    static final int COUNT_OFFSET = 16;
    static final int ENTRIES_OFFSET = 24;
    static final int ENTRY_BYTES = 16;
    static final int ROOT = 0;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    @Override
    public void trace(PoolView pool, RunSink reachable) {
        long top = pool.root(ROOT);
        if (top == FrameAllocator.NO_FRAME) {
            throw new TraceException("root slot " + ROOT + " is empty: the pool holds no directory (see 'llfree recover"
                    + " --help' for the format)");
        }
        Deque<Long> pending = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        pending.push(top);
        while (!pending.isEmpty()) {
            long frame = pending.pop();
            if (!seen.add(frame)) {
                throw new TraceException("directory at frame " + hex(frame) + " is reached twice (a cycle)");
            }
            MemorySegment head = page(pool, frame, 0, "directory");
            if (head.get(LONG, 0) != MAGIC) {
                throw new TraceException("frame " + hex(frame) + " is not a directory (magic " + hex(head.get(LONG, 0))
                        + ", expected " + hex(MAGIC) + " \"LLFDIR01\")");
            }
            int order = order(head.get(LONG, ORDER_OFFSET), frame);
            MemorySegment dir = page(pool, frame, order, "directory");
            long count = dir.get(LONG, COUNT_OFFSET);
            if (count < 0 || count > (dir.byteSize() - ENTRIES_OFFSET) / ENTRY_BYTES) {
                throw new TraceException("directory at frame " + hex(frame) + ": count " + count + " does not fit its "
                        + dir.byteSize() + " bytes");
            }
            reachable.run(frame, order);
            for (long i = 0; i < count; i++) {
                long entry = dir.get(LONG, ENTRIES_OFFSET + i * ENTRY_BYTES);
                long flags = dir.get(LONG, ENTRIES_OFFSET + i * ENTRY_BYTES + Long.BYTES);
                if ((flags & DIRECTORY) != 0) {
                    pending.push(entry);
                } else {
                    reachable.run(entry, order(flags, entry));
                }
            }
        }
    }

    private static int order(long value, long frame) {
        if (value < 0 || value > FrameAllocator.MAX_ORDER && value != FrameAllocator.GIANT_ORDER) {
            throw new TraceException("run at frame " + hex(frame) + ": order " + value + " (expected: 0.."
                    + FrameAllocator.MAX_ORDER + " or " + FrameAllocator.GIANT_ORDER + ")");
        }
        return (int) value;
    }

    private static MemorySegment page(PoolView pool, long frame, int order, String what) {
        try {
            return pool.frame(frame, order);
        } catch (IllegalArgumentException e) {
            throw new TraceException(what + " at frame " + hex(frame) + ": " + e.getMessage());
        }
    }
}
