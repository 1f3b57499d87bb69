package dev.llfree.cli;

import dev.llfree.Kind;
import dev.llfree.file.PoolHeader;
import dev.llfree.inspect.PoolInspection;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
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
                    .addSerializer(Enum.class, new LowerCaseEnum())
                    .setMixInAnnotation(PoolHeader.class, HeaderJson.class)
                    .setMixInAnnotation(PoolInspection.KindShare.class, KindShareJson.class));

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

    /** A pool header's creation id as a hex string: a 64-bit number that JSON tools (jq) would round. */
    private abstract static class HeaderJson {
        @JsonSerialize(using = HexLong.class)
        abstract long creationId();
    }

    /** Frames whose kind no child records (a crash lost the record) as the kind {@code "unknown"}, not null. */
    private abstract static class KindShareJson {
        @JsonSerialize(nullsUsing = UnknownKind.class)
        abstract Kind kind();
    }

    private static final class HexLong extends JsonSerializer<Long> {
        @Override
        public void serialize(Long value, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString("0x" + Long.toHexString(value));
        }
    }

    private static final class UnknownKind extends JsonSerializer<Object> {
        @Override
        public void serialize(Object value, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString("unknown");
        }
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
