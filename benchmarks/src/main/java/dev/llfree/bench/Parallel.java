package dev.llfree.bench;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one body per thread on fresh platform threads; the bodies separate their phases with
 * {@link #await()}, so timed phases start together. The first failure cancels the other threads
 * (their next {@code await} throws) and is rethrown by {@link #run}.
 */
final class Parallel {
    /** What thread {@code thread} of a run does. */
    @FunctionalInterface
    interface Body {
        void run(int thread, Parallel team) throws Exception;
    }

    private final Phaser phaser;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Thread 0's last answer to {@link #agree}. */
    private volatile boolean decision;

    private Parallel(int threads) {
        this.phaser = new Phaser(threads);
    }

    /**
     * Runs {@code body} on {@code threads} threads named {@code name-<thread>} and waits for all of them; with
     * {@code pin}, thread {@code t} first pins itself to the {@code t}-th CPU the process may use ({@link CpuPinning}).
     */
    static void run(String name, int threads, boolean pin, Body body) {
        Parallel team = new Parallel(threads);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers[t] = Thread.ofPlatform().name(name + "-" + t).start(() -> team.runMember(body, thread, pin));
        }
        for (Thread worker : workers) {
            joinUninterruptibly(worker);
        }
        team.rethrowFailure();
    }

    /** Waits until every thread of the run has arrived here. */
    void await() {
        if (phaser.arriveAndAwaitAdvance() < 0) {
            throw new CancellationException("another thread of the run failed");
        }
    }

    /**
     * Thread 0's {@code wish}, the same answer for every thread: thread 0 publishes it, then all wait here. Thread 0
     * cannot publish the next answer before every thread has read this one, because it first passes the next
     * {@link #await} (or {@code agree}), which needs every thread.
     */
    boolean agree(int thread, boolean wish) {
        if (thread == 0) {
            decision = wish;
        }
        await();
        return decision;
    }

    private void runMember(Body body, int thread, boolean pin) {
        try {
            if (pin) {
                CpuPinning.pinCurrentThread(thread);
            }
            body.run(thread, this);
        } catch (Throwable e) {
            failure.compareAndSet(null, e); // the first failure is the cause; later ones are its cancellations
            phaser.forceTermination();
        }
    }

    private void rethrowFailure() {
        Throwable e = failure.get();
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        if (e != null) {
            throw new IllegalStateException(e.toString(), e);
        }
    }

    private static void joinUninterruptibly(Thread worker) {
        boolean interrupted = false;
        while (true) {
            try {
                worker.join();
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
