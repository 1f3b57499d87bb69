package dev.llfree.crash;

import dev.llfree.core.Geometry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The operation log, reduced to what a crash image is checked against: the frames of every get that
 * returned and whose put has not begun ({@link #owned}), the frames whose put is in flight
 * ({@link #putting}), and how many frames the gets in flight may have taken ({@link #gettingFrames}).
 * Also the owned runs, from which the workload picks what to put.
 *
 * <p>Two puts of one frame can be in flight at once: a put's clear is its LP, so another core's get may
 * take the frame again and put it before the first put returns. A frame is being put until the last of
 * its puts ends ({@link #putters}).
 *
 * <p>Not thread-safe: the logical threads take turns ({@link Baton}).
 */
final class Ownership {
    /** A run of {@code 2^order} frames at {@code frame}. */
    record Run(long frame, int order) {
        long child() {
            return Geometry.childOf(frame);
        }

        /** The metadata line a get or put of it changes: its child's bitfield row, or for huge runs its tree's child line. */
        long line() {
            return order < Geometry.CHILD_ORDER ? child() : Geometry.treeOf(frame);
        }
    }

    /** What a logical thread has in flight, described. */
    private record Op(int thread, String text) { }

    private final long[] owned;
    private final long[] putting;
    /** Per frame: its puts in flight (at most one per logical thread). */
    private final byte[] putters;
    private final List<Run> runs = new ArrayList<>();
    private final Map<Thread, Op> running = new HashMap<>();
    private long gettingFrames;
    private long version;

    Ownership(long frames) {
        this.owned = new long[(int) ((frames + 63) >>> 6)];
        this.putting = new long[owned.length];
        this.putters = new byte[Math.toIntExact(frames)];
    }

    /** Bit f set: frame f was returned by a get whose put has not begun. Read-only for callers. */
    long[] owned() {
        return owned;
    }

    /** Bit f set: a put of frame f is in flight. Read-only for callers. */
    long[] putting() {
        return putting;
    }

    /** Frames the gets in flight may have taken (each get's runs times their size). */
    long gettingFrames() {
        return gettingFrames;
    }

    /** Changes whenever an operation begins or ends: two crash points with the same version and images are one. */
    long version() {
        return version;
    }

    int ownedRuns() {
        return runs.size();
    }

    /** The operations in flight, for messages. */
    String inFlight() {
        return running.values().stream().map(o -> "thread " + o.thread() + ": " + o.text()).toList().toString();
    }

    void beginGet(int thread, int order, int count, String text) {
        gettingFrames += (long) count << order;
        running.put(Thread.currentThread(), new Op(thread, text));
        version++;
    }

    /**
     * The get returned {@code got[0..n)}.
     *
     * @throws IllegalStateException if a run is owned already: the allocator handed it out twice
     */
    void endGet(int order, int count, long[] got, int n) {
        for (int i = 0; i < n; i++) {
            long from = got[i];
            for (long f = from; f < from + (1L << order); f++) {
                if (bit(owned, f)) {
                    throw new IllegalStateException("frame " + f + " handed out twice (run " + from + " of order "
                        + order + ")");
                }
                owned[(int) (f >>> 6)] |= 1L << f;
            }
            runs.add(new Run(from, order));
        }
        gettingFrames -= (long) count << order;
        running.remove(Thread.currentThread());
        version++;
    }

    /**
     * Takes up to {@code max} owned runs of one order out of the owned list, to be put: a random one of a random
     * order owned (so huge runs are put as often as small ones, of which there are many more), then others of its
     * order in its child, then in its tree (so batches can empty a child or tree). With {@code spread}, first one run
     * in each {@link Run#line() line} the batch does not touch yet, so that a batch put changes several lines.
     */
    List<Run> take(SplittableRandom random, int max, boolean spread) {
        List<Run> taken = new ArrayList<>();
        if (runs.isEmpty()) {
            return taken;
        }
        int[] orders = runs.stream().mapToInt(Run::order).distinct().sorted().toArray();
        int order = orders[random.nextInt(orders.length)];
        int[] ofOrder = IntStream.range(0, runs.size()).filter(i -> runs.get(i).order() == order).toArray();
        Run first = remove(ofOrder[random.nextInt(ofOrder.length)]);
        taken.add(first);
        for (int i = runs.size() - 1; spread && i >= 0 && taken.size() < max; i--) {
            Run r = runs.get(i);
            if (r.order() == first.order() && taken.stream().noneMatch(t -> t.line() == r.line())) {
                taken.add(remove(i));
            }
        }
        for (boolean sameChild : new boolean[] {true, false}) {
            for (int i = runs.size() - 1; i >= 0 && taken.size() < max; i--) {
                Run r = runs.get(i);
                boolean near = sameChild ? r.child() == first.child()
                    : Geometry.treeOf(r.frame()) == Geometry.treeOf(first.frame());
                if (r.order() == first.order() && near) {
                    taken.add(remove(i));
                }
            }
        }
        return taken;
    }

    /** Takes an owned run of {@code order} out of the owned list, to be put; empty if none is owned. */
    List<Run> takeOfOrder(int order) {
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).order() == order) {
                return List.of(remove(i));
            }
        }
        return List.of();
    }

    private Run remove(int i) {
        Run r = runs.get(i);
        runs.set(i, runs.getLast());
        runs.removeLast();
        return r;
    }

    void beginPut(int thread, List<Run> put, String text) {
        for (Run r : put) {
            for (long f = r.frame(); f < r.frame() + (1L << r.order()); f++) {
                owned[(int) (f >>> 6)] &= ~(1L << f);
                putting[(int) (f >>> 6)] |= 1L << f;
                putters[(int) f]++;
            }
        }
        running.put(Thread.currentThread(), new Op(thread, text));
        version++;
    }

    /** The put of {@code put} returned; a frame another put in flight frees again stays {@link #putting}. */
    void endPut(List<Run> put) {
        for (Run r : put) {
            for (long f = r.frame(); f < r.frame() + (1L << r.order()); f++) {
                if (--putters[(int) f] == 0) {
                    putting[(int) (f >>> 6)] &= ~(1L << f);
                }
            }
        }
        running.remove(Thread.currentThread());
        version++;
    }

    private static boolean bit(long[] bits, long f) {
        return (bits[(int) (f >>> 6)] & 1L << f) != 0;
    }
}
