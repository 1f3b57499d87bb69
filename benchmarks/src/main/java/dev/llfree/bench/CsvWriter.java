package dev.llfree.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes rows in a {@link CsvFormat}: the header first, then one line per row, flushed as it is written so
 * that a long benchmark keeps what it measured.
 *
 * <p>Thread safety: not thread-safe.
 *
 * @param <T> the row type
 */
public final class CsvWriter<T> implements Closeable {
    private final Writer out;
    private final CsvFormat<T> format;

    /**
     * Writes the header.
     *
     * @throws IOException if writing fails
     */
    public CsvWriter(Writer out, CsvFormat<T> format) throws IOException {
        this.out = out;
        this.format = format;
        writeLine(format.header());
    }

    /**
     * Writes one row.
     *
     * @throws IOException if writing fails
     */
    public void write(T row) throws IOException {
        writeLine(format.line().apply(row));
    }

    private void writeLine(String line) throws IOException {
        out.write(line);
        out.write('\n');
        out.flush();
    }

    /** Closes the underlying writer. */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
