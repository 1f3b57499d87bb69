package dev.llfree.cli;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The library's log (logger {@code dev.llfree}, e.g. a durability a file cannot give) as one line per record on
 * standard error, {@code llfree: warning: ...}, instead of the JDK's two-line default format. Each distinct
 * message is printed once: a bench opens its pool for every run, and would repeat it every time.
 */
final class LibraryWarnings extends Handler {
    private final Set<String> printed = ConcurrentHashMap.newKeySet();

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
        if (isLoggable(record) && printed.add(record.getMessage())) {
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
