package dev.llfree.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a byte size: a whole number with an optional binary suffix {@code K}, {@code M}, {@code G} or
 * {@code T} (either case), e.g. {@code 64M} = 64 MiB, {@code 8G} = 8 GiB, {@code 4096} = 4096 bytes.
 *
 * <p>Thread safety: stateless.
 */
public final class SizeConverter implements ITypeConverter<Long> {
    private static final String SUFFIXES = "KMGT";
    private static final int BITS_PER_SUFFIX = 10;

    /**
     * @throws TypeConversionException if {@code value} is not such a size or does not fit in a {@code long}
     */
    @Override
    public Long convert(String value) {
        String text = value.strip();
        int suffix = text.isEmpty() ? -1 : SUFFIXES.indexOf(Character.toUpperCase(text.charAt(text.length() - 1)));
        String digits = suffix < 0 ? text : text.substring(0, text.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new TypeConversionException("'" + value + "' is not a size (expected: a whole number with an"
                    + " optional K, M, G or T suffix, e.g. 64M or 8G)");
        }
        int shift = (suffix + 1) * BITS_PER_SUFFIX;
        long number;
        try {
            number = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw tooLarge(value);
        }
        if (number > Long.MAX_VALUE >>> shift) {
            throw tooLarge(value);
        }
        return number << shift;
    }

    private static TypeConversionException tooLarge(String value) {
        return new TypeConversionException("'" + value + "' is too large (expected: at most "
                + (Long.MAX_VALUE >>> SUFFIXES.length() * BITS_PER_SUFFIX) + "T)");
    }
}
