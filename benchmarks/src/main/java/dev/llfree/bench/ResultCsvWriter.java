package dev.llfree.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/**
 * Writes results as CSV: {@link #HEADER}, then one line per {@link BenchResult}, flushed as it is written
 * so that a long benchmark keeps what it measured. Names are plain tokens, so nothing needs quoting.
 *
 * <p>Thread safety: not thread-safe.
 */
public final class ResultCsvWriter implements Closeable {
    /** The first line of every results file. */
    public static final String HEADER = "allocator,durability,workload,order,threads,memory_bytes,run,get_ns,put_ns,ops_per_s";

    private final Writer out;

    /**
     * Writes the header.
     *
     * @throws IOException if writing fails
     */
    public ResultCsvWriter(Writer out) throws IOException {
        this.out = out;
        out.write(HEADER);
        out.write('\n');
        out.flush();
    }

    /**
     * Writes one result as a line.
     *
     * @throws IOException if writing fails
     */
    public void write(BenchResult result) throws IOException {
        out.write(line(result));
        out.write('\n');
        out.flush();
    }

    /** Closes the underlying writer. */
    @Override
    public void close() throws IOException {
        out.close();
    }

    static String line(BenchResult r) {
        return String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%d,%.2f,%.2f,%d", r.allocator(), r.durability(),
                r.workload(), r.order(), r.threads(), r.memoryBytes(), r.run(), r.getNs(), r.putNs(),
                Math.round(r.opsPerSecond()));
    }
}
