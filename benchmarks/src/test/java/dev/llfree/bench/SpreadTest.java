package dev.llfree.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SpreadTest {
    @Test
    void shouldTakeTheMiddleValueWhenTheCountIsOdd() {
        assertEquals(new Spread(2, 1, 9), Spread.of(9, 1, 2));
    }

    @Test
    void shouldAverageTheMiddleValuesWhenTheCountIsEven() {
        assertEquals(new Spread(2.5, 1, 9), Spread.of(9, 3, 1, 2));
    }

    @Test
    void shouldRejectNoValues() {
        assertThrows(IllegalArgumentException.class, Spread::of);
    }
}
