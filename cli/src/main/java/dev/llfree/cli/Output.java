package dev.llfree.cli;

import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * The {@code --json} option, mixed into every command that prints a result: text for people by
 * default, one JSON document for scripts with {@code --json}.
 */
final class Output {
    @Option(names = "--json", description = "Print the result as JSON (for scripts) instead of text.")
    private boolean json;

    /** Whether {@code --json} was given. */
    boolean json() {
        return json;
    }

    /** Prints {@code result} as JSON, or as {@code text} writes it. */
    void print(PrintWriter out, Object result, Consumer<PrintWriter> text) {
        if (json) {
            Json.write(out, result);
        } else {
            text.accept(out);
        }
        out.flush();
    }
}
