package dev.llfree.cli;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The library's log (logger {@code dev.llfree}, e.g. a durability a file cannot give) as one line per record on
 * standard error, {@code llfree: warning: ...}, instead of the JDK's two-line default format.
 */
final class LibraryWarnings extends Handler {
    private LibraryWarnings() {
        setLevel(Level.WARNING);
    }

    /** Routes the library's warnings to standard error, one line each; the only log handler of the process. */
    static void install() {
        LogManager.getLogManager().reset();
        Logger library = Logger.getLogger("dev.llfree");
        library.setUseParentHandlers(false);
        library.addHandler(new LibraryWarnings());
    }

    @Override
    public void publish(LogRecord record) {
        if (isLoggable(record)) {
            System.err.println("llfree: warning: " + record.getMessage());
        }
    }

    @Override
    public void flush() {
        System.err.flush();
    }

    @Override
    public void close() {
        flush();
    }
}
