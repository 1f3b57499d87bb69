package dev.llfree.core.words;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.core.Geometry;
import java.lang.foreign.Arena;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The owner of the giant bits on its own: commit and uncommit once each, stray bits past the last region. */
class GiantBitsTest {
    /** 70 whole 1 GiB regions and a partial one: two longs of bits in one line. */
    private static final long FRAMES = 70L * Geometry.GIANT_CHILDREN * Geometry.CHILD_FRAMES + 5;
    private final Arena arena = Arena.ofConfined();
    private final GiantBits bits = new GiantBits(arena.allocate(LowerLayout.giantBytes(FRAMES), Geometry.CACHE_LINE), 0,
        FRAMES);

    @AfterEach
    void close() {
        arena.close();
    }

    @Test
    void shouldCommitAndUncommitEachRegionOnce() {
        bits.initialize();
        assertEquals(70, bits.regions());
        assertTrue(bits.commit(69));
        assertFalse(bits.commit(69), "committed already");
        assertTrue(bits.committed(69) && !bits.committed(68));
        assertTrue(bits.uncommit(69));
        assertFalse(bits.uncommit(69), "a double free writes nothing");
        assertFalse(bits.committed(70), "no region past the last whole one");
        assertEquals(bits.lineOf(0), bits.lineOf(69), "512 regions per line");
    }

    @Test
    void shouldFindAStrayBitPastTheLastWholeRegion() {
        bits.initialize();
        assertEquals(-1, bits.strayBit());
        bits.store(3, true);
        assertEquals(-1, bits.strayBit(), "a region's bit is no stray");
        bits.store(100, true); // past region 69, inside the area's line
        assertEquals(100, bits.strayBit());
    }

    @Test
    void shouldStoreBitsForRecovery() {
        bits.initialize();
        bits.store(64, true);
        assertTrue(bits.committed(64));
        bits.store(64, false);
        assertFalse(bits.committed(64));
    }
}
