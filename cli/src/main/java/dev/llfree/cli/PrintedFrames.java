package dev.llfree.cli;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The frames {@code alloc} takes, printed one by one as they are taken and flushed before the next get, so a
 * command killed midway has printed every run it holds but the one in flight. Text: one frame number per line.
 * JSON: one document, {@code {"pool", "order", "kind", "frames": [...]}}, whose array grows as frames come.
 */
final class PrintedFrames implements AutoCloseable {
    private final PrintWriter text;
    private final JsonGenerator json;

    private PrintedFrames(PrintWriter text, JsonGenerator json) {
        this.text = text;
        this.json = json;
    }

    /** Starts the output: nothing for text, the document up to the frames array for JSON. */
    static PrintedFrames start(PrintWriter out, boolean asJson, Path pool, int order, String kind) throws IOException {
        if (!asJson) {
            return new PrintedFrames(out, null);
        }
        JsonGenerator json = Json.generator(out);
        json.writeStartObject();
        json.writeStringField("pool", pool.toString());
        json.writeNumberField("order", order);
        json.writeStringField("kind", kind);
        json.writeArrayFieldStart("frames");
        json.flush();
        return new PrintedFrames(null, json);
    }

    /** Prints {@code frame} and flushes it to the output before returning. */
    void add(long frame) throws IOException {
        if (json != null) {
            json.writeNumber(frame);
            json.flush();
        } else {
            text.println(frame);
            text.flush();
        }
    }

    /** Ends the document (JSON) and flushes. */
    @Override
    public void close() throws IOException {
        if (json != null) {
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw(System.lineSeparator());
            json.close();
        } else {
            text.flush();
        }
    }
}
