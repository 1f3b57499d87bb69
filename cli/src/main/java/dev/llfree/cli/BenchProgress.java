package dev.llfree.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Progress of a bench on stderr. On a terminal: a progress bar, shown once the bench has run for a
 * second (short benches stay quiet), with the last finished run beside it. Elsewhere (a pipe, a log, a
 * test): one line per finished run, which a log keeps and a script can read.
 */
final class BenchProgress implements AutoCloseable {
    private static final long BAR_AFTER_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final int total;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private ProgressBar bar;
    private int done;

    BenchProgress(PrintWriter err, int total, boolean terminal) {
        this.err = err;
        this.total = total;
        this.terminal = terminal;
    }

    /** Whether stderr is an interactive terminal. */
    static boolean stderrIsTerminal() {
        return System.console() != null && System.console().isTerminal();
    }

    /** One more run finished; {@code line} says which and what it measured. */
    void finished(String line) {
        done++;
        if (!terminal) {
            err.printf("[%d/%d] %s%n", done, total, line);
            err.flush();
            return;
        }
        if (bar == null && System.nanoTime() - start >= BAR_AFTER_NANOS) {
            bar = new ProgressBarBuilder().setTaskName("bench").setInitialMax(total)
                .setConsumer(new DelegatingProgressBarConsumer(rendered -> {
                    err.print('\r' + rendered);
                    err.flush();
                })).build();
        }
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(line);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            err.println();
            err.flush();
        }
    }
}
