package dev.llfree.cli;

import dev.llfree.Durability;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Iterator;
import java.util.List;

/**
 * Parses the durability of a pool file: {@code auto}, {@code pmem}, {@code eadr} or {@code mapped}
 * (case-insensitive); {@code volatile} is not for files.
 *
 * <p>Thread safety: stateless.
 */
final class DurabilityConverter implements ITypeConverter<Durability> {
    private static final List<String> NAMES = List.of("auto", "pmem", "eadr", "mapped");

    @Override
    public Durability convert(String value) {
        if (!NAMES.contains(value.strip().toLowerCase(java.util.Locale.ROOT))) {
            throw new TypeConversionException("'" + value + "' is not a pool durability (expected one of: "
                    + String.join(", ", NAMES) + ")");
        }
        return Durability.parse(value);
    }

    /** The names, for picocli's {@code ${COMPLETION-CANDIDATES}}. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return NAMES.iterator();
        }
    }
}
