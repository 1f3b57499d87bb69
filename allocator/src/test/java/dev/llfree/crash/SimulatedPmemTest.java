package dev.llfree.crash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llfree.core.Atomics;
import dev.llfree.core.persist.PersistSite;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The crash images {@link SimulatedPmem} offers for one line, written through the allocator's VarHandle: the media
 * version or any version the line has had since, store by store, in the order of the stores.
 */
class SimulatedPmemTest {
    private static final VarHandle LONG = Atomics.SEGMENT_LONG;
    private static final long WORD_1 = Long.BYTES;

    private final SimulatedPmem memory = new SimulatedPmem(2 * SimulatedPmem.LINE);

    @AfterEach
    void close() {
        memory.close();
    }

    @Test
    void shouldOfferAVersionOverwrittenWithoutAFlushAfterTheCrashPointThatSawIt() {
        store(0, 1);
        memory.capture();
        store(0, 2);
        assertEquals(List.of("[1, 0]", "[2, 0]"), versionsOfLineZero(), "an eviction may have written 1 back");
    }

    @Test
    void shouldOfferEveryVersionBetweenTwoCrashPointsInTheOrderOfItsStores() {
        store(0, 1);
        store(WORD_1, 1);
        store(0, 2);
        assertEquals(List.of("[1, 0]", "[1, 1]", "[2, 1]"), versionsOfLineZero(),
            "each 8-byte store persists whole and in order, so [0, 1] is no image");
    }

    @Test
    void shouldOfferNoVersionOlderThanADrainedFlush() {
        store(0, 1);
        store(0, 2);
        memory.flush(PersistSite.GET_ROW, 0);
        store(0, 3);
        memory.drain();
        assertEquals(List.of("[3, 0]"), versionsOfLineZero(), "the media holds 2 now and never goes back to 1");
    }

    @Test
    void shouldLoseOnlyTheEarlierLinesOfABatchWhenTheControlSaysSo() {
        memory.fault(new MissingFlushTest.RemovedFlush(PersistSite.BATCH_PUT_LINE, true));
        store(0, 1);
        memory.flush(PersistSite.BATCH_PUT_LINE, 0);
        store(SimulatedPmem.LINE, 1);
        memory.flush(PersistSite.BATCH_PUT_LINE, SimulatedPmem.LINE);
        memory.drain();
        CrashPoint point = memory.capture();
        assertArrayEquals(new int[] {0}, point.lines(), "line 0 was not written back; line 1 was");
        assertEquals(1, memory.dropped());
    }

    private void store(long offset, long value) {
        LONG.setRelease(memory.segment(), offset, value);
    }

    /** Line 0's first two words in each version a crash may find beside the media's (all zero). */
    private List<String> versionsOfLineZero() {
        CrashPoint point = memory.capture();
        assertArrayEquals(new int[] {0}, point.lines());
        List<String> versions = new ArrayList<>();
        for (long[] v : point.versions()[0]) {
            versions.add(Arrays.toString(Arrays.copyOf(v, 2)));
        }
        return versions;
    }
}
