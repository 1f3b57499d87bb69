package dev.llfree.crash;

import java.util.SplittableRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs bodies on their own threads one at a time, like coroutines: the running thread hands the baton
 * on at {@link #pass()}, to a thread the seeded random picks (possibly itself). The interleaving depends
 * only on the seed, so a run is reproducible, and each thread can stop in the middle of an allocator
 * operation (at a flush or drain) while the other runs. The lock hand-over orders their memory accesses.
 */
final class Baton {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turnChanged = lock.newCondition();
    private final SplittableRandom random;
    private Thread[] threads = new Thread[0];
    private boolean[] finished = new boolean[0];
    private int turn;
    private Throwable failure;

    Baton(SplittableRandom random) {
        this.random = random;
    }

    /**
     * Runs every body to its end and returns then.
     *
     * @throws IllegalStateException carrying the first failure of a body
     */
    void run(Runnable... bodies) throws InterruptedException {
        threads = new Thread[bodies.length];
        finished = new boolean[bodies.length];
        turn = random.nextInt(bodies.length);
        for (int i = 0; i < bodies.length; i++) {
            int index = i;
            threads[i] = new Thread(() -> body(index, bodies[index]), "baton-" + i);
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure != null) {
            throw new IllegalStateException("a logical thread failed: " + failure, failure);
        }
    }

    private void body(int index, Runnable body) {
        await(index);
        try {
            body.run();
        } catch (RuntimeException | Error e) {
            failure = failure == null ? e : failure;
        } finally {
            lock.lock();
            try {
                finished[index] = true;
                turn = pick();
                turnChanged.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Called by the running thread: lets the seeded random pick who runs next, and waits if it is not this one. */
    void pass() {
        int me = indexOf(Thread.currentThread());
        lock.lock();
        try {
            turn = pick();
            turnChanged.signalAll();
        } finally {
            lock.unlock();
        }
        await(me);
    }

    private void await(int index) {
        lock.lock();
        try {
            while (turn != index) {
                turnChanged.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A random unfinished thread, or -1 if all finished. Holds the lock. */
    private int pick() {
        int open = 0;
        for (boolean f : finished) {
            open += f ? 0 : 1;
        }
        if (open == 0) {
            return -1;
        }
        int k = random.nextInt(open);
        for (int i = 0; i < finished.length; i++) {
            if (!finished[i] && k-- == 0) {
                return i;
            }
        }
        throw new AssertionError("unreachable");
    }

    private int indexOf(Thread thread) {
        for (int i = 0; i < threads.length; i++) {
            if (threads[i] == thread) {
                return i;
            }
        }
        throw new IllegalStateException(thread + " does not hold a baton");
    }
}
