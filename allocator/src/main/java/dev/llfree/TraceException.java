package dev.llfree;

/**
 * A tracer ({@link dev.llfree.Tracer}) reported runs that cannot all be in use: out of range,
 * misaligned, of a bad order, or overlapping. Tracing recovery checks every run before it writes anything,
 * so the pool is unchanged when this is thrown.
 */
public final class TraceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * A bad run.
     *
     * @param message names the run (frame in hex, order) and what is wrong with it
     */
    public TraceException(String message) {
        super(message);
    }
}
