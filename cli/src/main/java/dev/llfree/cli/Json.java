package dev.llfree.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The {@code --json} output: records as objects named by their components, paths as strings, enum
 * constants in lower case, one indented document per command.
 *
 * <p>Thread safety: thread-safe (the mapper is configured once).
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule("llfree")
                    .addSerializer(Path.class, ToStringSerializer.instance)
                    .addSerializer(Enum.class, new LowerCaseEnum()));

    private Json() { }

    /** Writes {@code value} as one JSON document and a newline. */
    static void write(PrintWriter out, Object value) {
        try {
            out.println(MAPPER.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A generator writing to {@code out}, indented as {@link #write} indents, for output printed piece by piece;
     * closing it flushes {@code out} but leaves it open.
     */
    static JsonGenerator generator(PrintWriter out) throws IOException {
        return MAPPER.createGenerator(out).useDefaultPrettyPrinter()
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    /** {@code REPAIRABLE} as {@code "repairable"}. */
    @SuppressWarnings("rawtypes")
    private static final class LowerCaseEnum extends JsonSerializer<Enum> {
        @Override
        public void serialize(Enum value, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(value.name().toLowerCase(Locale.ROOT));
        }
    }
}
