package dev.llfree.cli;

import dev.llfree.Kind;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Parses a {@link Kind} by its lower-case name ({@code movable}, {@code fixed}, {@code huge}), in any case.
 *
 * <p>Thread safety: stateless.
 */
final class KindConverter implements ITypeConverter<Kind> {
    /** The names the option takes, for messages: {@code movable, fixed, huge}. */
    private static final String NAMES = Arrays.stream(Kind.values()).map(k -> k.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));

    @Override
    public Kind convert(String value) {
        for (Kind kind : Kind.values()) {
            if (kind.name().equalsIgnoreCase(value.strip())) {
                return kind;
            }
        }
        throw new TypeConversionException("'" + value + "' is not a kind (expected one of: " + NAMES + ")");
    }
}
