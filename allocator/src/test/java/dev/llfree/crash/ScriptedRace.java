package dev.llfree.crash;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Two threads scripted on a {@link SimulatedPmem}: A runs on its own thread until it reaches the first
 * memory event that starts with {@code stop} (a flush of some line, a drain), B runs to its end on the
 * calling thread while A waits there, then A finishes. For races that a scheduler hits only rarely.
 */
final class ScriptedRace {
    private ScriptedRace() { }

    static void run(SimulatedPmem memory, String stop, Runnable a, Runnable b) throws InterruptedException {
        CountDownLatch aStopped = new CountDownLatch(1);
        CountDownLatch bDone = new CountDownLatch(1);
        AtomicReference<Throwable> aFailed = new AtomicReference<>();
        Thread aThread = new Thread(a, "A");
        aThread.setUncaughtExceptionHandler((t, e) -> aFailed.set(e));
        memory.listener(event -> {
            if (Thread.currentThread() == aThread && event.startsWith(stop) && aStopped.getCount() > 0) {
                aStopped.countDown();
                awaitUninterruptibly(bDone);
            }
        });
        aThread.start();
        try {
            assertTrue(aStopped.await(1, TimeUnit.MINUTES), "A did not reach " + stop);
            b.run();
        } finally {
            bDone.countDown();
            aThread.join();
        }
        assertNull(aFailed.get(), "A failed");
    }

    /** Waits for {@code latch}, keeping an interrupt for later: a script thread must reach its end. */
    static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
