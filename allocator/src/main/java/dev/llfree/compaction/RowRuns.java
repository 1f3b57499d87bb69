package dev.llfree.compaction;

import dev.llfree.core.Geometry;
import dev.llfree.core.lower.Lower;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs allocated in one child's bitfield row, in address order, as the migrator names them: at
 * each set bit the migrator tells which run starts there; the scan continues after that run. A set
 * bit that starts no known run (inside a run, or a get or put in flight) is skipped and counted.
 */
final class RowRuns {
    private final List<Run> runs = new ArrayList<>();
    private int unknownFrames;

    private RowRuns() { }

    static RowRuns scan(Lower lower, Migrator migrator, long child) {
        RowRuns row = new RowRuns();
        long end = Geometry.firstFrameOfChild(child) + lower.capacity(child); // bits past a partial child's end stay set
        long frame = Geometry.firstFrameOfChild(child);
        while (frame < end) {
            long bits = lower.word(Geometry.wordOf(frame)) >>> (frame & (Geometry.WORD_BITS - 1));
            if (bits == 0) {
                frame = (frame | (Geometry.WORD_BITS - 1)) + 1; // next word
                continue;
            }
            frame += Long.numberOfTrailingZeros(bits);
            if (frame >= end) {
                break;
            }
            int order = migrator.order(frame);
            if (order < 0 || order >= Geometry.CHILD_ORDER || (frame & ((1L << order) - 1)) != 0 || frame + (1L << order) > end) {
                row.unknownFrames++;
                frame++;
            } else {
                row.runs.add(new Run(frame, order));
                frame += 1L << order;
            }
        }
        return row;
    }

    List<Run> runs() {
        return runs;
    }

    /** Allocated frames no known run covers. */
    int unknownFrames() {
        return unknownFrames;
    }
}
