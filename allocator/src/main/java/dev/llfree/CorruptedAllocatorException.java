package dev.llfree;

/** An allocator invariant does not hold: a counter disagrees with the bitfields, or an undo failed. */
public final class CorruptedAllocatorException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * A broken invariant.
     *
     * @param message names where (which word, child or tree) and what was found, and what was expected
     */
    public CorruptedAllocatorException(String message) {
        super(message);
    }
}
