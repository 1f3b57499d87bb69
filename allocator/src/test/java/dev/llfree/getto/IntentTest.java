package dev.llfree.getto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llfree.Destination;
import dev.llfree.FrameAllocator;
import dev.llfree.PoolAllocator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The intent codec: every field of the state word and the destination word round-trips at its extremes. */
class IntentTest {
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 512, 1L << 39, FrameAllocator.MAX_FRAMES - (1L << 10)})
    void shouldRoundTripABoundAndAReleasingIntent(long frame) {
        for (int order : new int[] {0, 9, FrameAllocator.MAX_ORDER}) {
            for (boolean put : new boolean[] {false, true}) {
                long bound = Intent.bound(frame, order, put);
                assertEquals(Intent.BOUND, Intent.state(bound));
                assertEquals(frame, Intent.frame(bound));
                assertEquals(order, Intent.order(bound));
                assertEquals(put, Intent.put(bound));
                assertTrue(Intent.wellFormed(bound));
            }
            long releasing = Intent.releasing(frame, order);
            assertEquals(Intent.RELEASING, Intent.state(releasing));
            assertEquals(frame, Intent.frame(releasing));
            assertEquals(order, Intent.order(releasing));
            assertTrue(Intent.wellFormed(releasing));
        }
        assertEquals(Intent.FREE, Intent.state(Intent.FREE));
        assertEquals(Intent.TAKEN, Intent.state(Intent.TAKEN));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 8, 4096, 1L << 50})
    void shouldRoundTripDestinations(long offset) {
        for (Destination d : new Destination[] {Destination.data(offset), Destination.root(0),
            Destination.root(PoolAllocator.ROOTS - 1)}) {
            assertEquals(d, Intent.decode(Intent.encode(d)));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1L << 9, 1L << 15, -1L})
    void shouldRefuseBadWords(long bits) {
        assertFalse(Intent.wellFormed(Intent.bound(8, 3, false) | bits), "unused bits set: damage");
        assertThrows(IllegalArgumentException.class, () -> Intent.decode(-8));
        assertThrows(IllegalArgumentException.class, () -> Intent.decode(Intent.ROOT_FLAG | Integer.MAX_VALUE));
    }
}
