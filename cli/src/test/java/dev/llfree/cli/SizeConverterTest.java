package dev.llfree.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SizeConverterTest {
    private final SizeConverter converter = new SizeConverter();

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "4096, 4096",
        "1K, 1024",
        "512k, 524288",
        "64M, 67108864",
        "8G, 8589934592",
        "8g, 8589934592",
        "1T, 1099511627776",
        "' 2M ', 2097152",
        "8388607T, 9223370937343148032",
    })
    void shouldParseBinarySuffixes(String text, long bytes) {
        assertEquals(bytes, converter.convert(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "G", "8X", "-1", "+1", "1.5G", "8GB", "8 G", "0x10", "١٢"})
    void shouldRejectWhatIsNotASize(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> converter.convert(text));
        assertEquals("'" + text + "' is not a size (expected: a whole number with an optional K, M, G or T suffix,"
                + " e.g. 64M or 8G)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"8388608T", "9223372036854775808", "99999999999999999999999G"})
    void shouldRejectSizesThatDoNotFitInALong(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> converter.convert(text));
        assertTrue(e.getMessage().startsWith("'" + text + "' is too large"), e.getMessage());
    }
}
