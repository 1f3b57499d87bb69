package dev.llfree;

/** A put of a frame run that is already free. The allocator is unchanged by the failed put. */
public final class DoubleFreeException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * A double free.
     *
     * @param message names the frame (in hex) and the order of the failed put
     */
    public DoubleFreeException(String message) {
        super(message);
    }
}
