package dev.llfree.recovery;

import dev.llfree.CorruptedAllocatorException;
import dev.llfree.RecoveryReport;
import dev.llfree.core.lower.ChildProblem;
import dev.llfree.core.lower.Lower;
import dev.llfree.core.persist.Memory;
import dev.llfree.core.persist.PersistSite;
import dev.llfree.core.words.ChildEntry;
import dev.llfree.file.Roots;
import dev.llfree.getto.IntentRecovery;
import java.io.IOException;

/**
 * Rebuilds the derived counters after a crash (LLFree's recovery). The bitfields, the huge/pair
 * flags and the giant bits are the truth: each child's free counter becomes {@code 512 - popcount(row)} (0 if
 * huge or part of a giant frame whose bit is set; giant flags under a clear bit are dropped), the
 * rebuilt counters are written back, and the upper allocator (trees, reservations) is then built
 * anew from them. Frames whose get did not return before the crash stay allocated (leaked): at most
 * one run per operation in flight.
 */
public final class Recovery {
    private Recovery() { }

    /**
     * Checks every child for damage no crash can cause, then rebuilds every child counter of
     * {@code lower} and makes them durable.
     *
     * @param clean whether the pool had been closed cleanly (the rebuild was asked for, not needed)
     * @throws CorruptedAllocatorException naming the first damaged child; nothing has been written then
     */
    public static RecoveryReport rebuild(Lower lower, boolean clean) throws IOException {
        long start = System.nanoTime();
        check(lower);
        long repaired = 0;
        long free = 0;
        long huge = 0;
        for (long c = 0; c < lower.children(); c++) {
            repaired += lower.rebuildChild(c) ? 1 : 0;
            int e = lower.childEntry(c);
            free += ChildEntry.free(e);
            huge += ChildEntry.huge(e) ? 1 : 0;
        }
        lower.childWords().sync(lower.persistence(), PersistSite.RECOVERY); // PERSIST: rebuilt counters, so a clean close need not redo them
        return new RecoveryReport(clean, lower.children(), repaired, free, huge, System.nanoTime() - start, 0, 0);
    }

    /**
     * What opening a pool that was not closed cleanly does (also for tests that recover crash images the
     * same way): checks the get-to intents and every child before anything is written, then completes or
     * undoes the intents a crash left ({@link IntentRecovery}), then rebuilds every child counter.
     *
     * @param memory the pool's memory: the header (intent slots) at offset 0
     * @param clean  whether the pool had been closed cleanly (the rebuild was asked for, not needed)
     * @throws CorruptedAllocatorException naming the first damaged intent or child; nothing has been written then
     */
    public static RecoveryReport rebuildPool(Lower lower, Memory memory, Roots roots, boolean clean)
            throws IOException {
        String intents = IntentRecovery.problem(memory, lower, roots);
        if (intents != null) {
            throw new CorruptedAllocatorException(intents);
        }
        check(lower); // before the intents write: a refused file stays unchanged
        IntentRecovery.Result resolved = IntentRecovery.resolve(lower, memory, roots);
        return rebuild(lower, clean).withIntents(resolved.completed(), resolved.undone());
    }

    /**
     * Checks every child for damage no crash can cause. Reads only.
     *
     * @throws CorruptedAllocatorException naming the first damaged child
     */
    public static void check(Lower lower) {
        ChildProblem stray = ChildProblem.findStrayGiantBit(lower);
        if (stray != null) {
            throw new CorruptedAllocatorException(stray.message()); // before any write: the file is unchanged
        }
        for (long c = 0; c < lower.children(); c++) {
            ChildProblem problem = ChildProblem.find(lower, c);
            if (problem != null && problem.severity() == ChildProblem.Severity.CORRUPT) {
                throw new CorruptedAllocatorException(problem.message()); // before any write: the file is unchanged
            }
        }
    }

    /** The report of an open after a clean close: counters are trusted, nothing is scanned. */
    public static RecoveryReport clean(Lower lower, long nanos) {
        long free = 0;
        long huge = 0;
        for (long c = 0; c < lower.children(); c++) {
            int e = lower.childEntry(c);
            free += ChildEntry.free(e);
            huge += ChildEntry.huge(e) ? 1 : 0;
        }
        return new RecoveryReport(true, 0, 0, free, huge, nanos, 0, 0);
    }
}
