package dev.llfree.bench.baseline;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A test-and-test-and-set spin lock on a {@code long} in a segment, the model of the kernel's
 * {@code spinlock_t} (the zone lock and, since Linux 6.0, the per-CPU list lock). A kernel spinlock
 * holder cannot be preempted; a Java thread can, so after {@link #SPINS} failed attempts a waiter
 * yields its core instead of spinning on.
 *
 * <p>Thread safety: {@link #lock()} and {@link #unlock()} are the synchronisation; not reentrant.
 */
final class SpinLock {
    /** Bytes of lock state in the segment. */
    static final long BYTES = Long.BYTES;
    private static final VarHandle WORD = ValueLayout.JAVA_LONG.varHandle();
    private static final int SPINS = 1 << 10;
    private static final long FREE = 0;
    private static final long HELD = 1;

    private final MemorySegment word;
    private final long offset;

    /** A free lock whose state is the {@code long} at {@code offset} of {@code segment}. */
    SpinLock(MemorySegment segment, long offset) {
        this.word = segment;
        this.offset = offset;
        WORD.setRelease(segment, offset, FREE);
    }

    void lock() {
        int spins = 0;
        // ORDER: the acquiring CAS pairs with the release store in unlock(): the last holder's plain
        // stores to the pages and lists are visible to the next holder.
        while ((long) WORD.getOpaque(word, offset) != FREE || !WORD.compareAndSet(word, offset, FREE, HELD)) {
            if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                spins = 0;
                Thread.yield();
            }
        }
    }

    void unlock() {
        WORD.setRelease(word, offset, FREE);
    }
}
