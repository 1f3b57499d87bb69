package dev.llfree.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.regex.Pattern;

/**
 * Parses a frame number: decimal ({@code 4096}) or hexadecimal with {@code 0x} ({@code 0x1000}), as
 * {@code alloc} prints them and the library's messages name them.
 *
 * <p>Thread safety: stateless.
 */
final class FrameConverter implements ITypeConverter<Long> {
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+");
    private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]+");

    @Override
    public Long convert(String value) {
        String text = value.strip();
        try {
            if (DECIMAL.matcher(text).matches()) {
                return Long.parseLong(text);
            }
            if (HEX.matcher(text).matches()) {
                return Long.parseLong(text.substring(2), 16);
            }
        } catch (NumberFormatException e) {
            // too large: reported below
        }
        throw new TypeConversionException("'" + value + "' is not a frame number (expected: a whole number >= 0,"
                + " decimal or 0x hexadecimal)");
    }

    /** {@code value} in hex with a sign, as frame numbers appear in messages: -1 is "-0x1". */
    static String hex(long value) {
        return value < 0 ? "-0x" + Long.toHexString(-value) : "0x" + Long.toHexString(value);
    }
}
