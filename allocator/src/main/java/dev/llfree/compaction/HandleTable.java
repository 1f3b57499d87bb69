package dev.llfree.compaction;

import dev.llfree.FrameAllocator;
import dev.llfree.Kind;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongConsumer;

/**
 * A ready {@link Migrator} for callers that reach their runs through handles (indexes into this table),
 * as page tables reach frames: owners get and put runs by handle, compaction moves a run and the handle
 * follows it. Runs of kind {@link Kind#FIXED} and runs {@linkplain #pin pinned} by their owner never move.
 *
 * <pre>
 * handle h ──frameOf[h]──► first frame f      f ──handleAt[f]──► h + 1 (0: no run starts at f)
 * </pre>
 *
 * A move and the owner's put of the same run are ordered by one CAS on {@code frameOf[h]}: the owner's
 * {@code f -> FREED} or the move's {@code from -> to}, whichever comes first; the loser sees a changed
 * value (the owner then puts the new frame, the move reports GONE).
 *
 * <p>Content: a move copies the run and frees {@code from} at once, so an owner write that reads the
 * handle's frame and then writes can land in a frame that is free again, or already another run's.
 * Owners therefore fill a run in {@link #get(int, int, int, Kind, LongConsumer) get}, before compaction
 * can see it; a later write must be ordered against the {@link Copier} by the caller (as a kernel
 * write-protects a page it migrates).
 *
 * <p>Thread safety: any thread may own handles, but each handle has one owner at a time (its get, put
 * and pin are not concurrent with each other); the migrator side is called by one compaction at a time.
 * A pin is not ordered against a move already past its pin check: pin before the run can be compacted.
 */
public final class HandleTable implements Migrator {
    /** What {@link #frame} returns for a handle that holds no run. */
    public static final long NONE = -1;

    /** Copies a run's content when compaction moves it (and fixes whatever else refers to it). */
    @FunctionalInterface
    public interface Copier {
        /**
         * Copies the {@code 2^order} frames at {@code from} to {@code to}. Called on the compaction's thread
         * by {@link HandleTable#move}; what it throws leaves the handle on {@code from} and ends the compaction
         * (see {@link Compactor#compact(int, dev.llfree.FrameAllocator, Migrator, Goal)}).
         *
         * @param from  the first frame of the run to copy
         * @param to    the first frame of the target, allocated and unused, of the same order
         * @param order the run is {@code 2^order} frames ({@code 0..8})
         */
        void copy(long from, long to, int order);
    }

    private final FrameAllocator allocator;
    private final Copier copier;
    private final AtomicLongArray frameOf;
    private final AtomicIntegerArray orderOf;
    private final AtomicIntegerArray pinnedOf;
    private final AtomicIntegerArray handleAt;

    /**
     * A table of {@code capacity} handles, every one empty. Besides the handles, it keeps an int per frame of the
     * allocator.
     *
     * @param allocator the allocator the owners' runs come from
     * @param capacity  number of handles ({@code >= 0}); the handles are {@code 0..capacity-1}
     * @param copier    copies a run's content when compaction moves it
     * @throws ArithmeticException if the allocator has more than {@link Integer#MAX_VALUE} frames
     * @throws NegativeArraySizeException if {@code capacity} is negative
     */
    public HandleTable(FrameAllocator allocator, int capacity, Copier copier) {
        this.allocator = allocator;
        this.copier = copier;
        this.frameOf = new AtomicLongArray(capacity);
        this.orderOf = new AtomicIntegerArray(capacity);
        this.pinnedOf = new AtomicIntegerArray(capacity);
        this.handleAt = new AtomicIntegerArray(Math.toIntExact(allocator.frames()));
        for (int h = 0; h < capacity; h++) {
            frameOf.set(h, NONE);
        }
    }

    /**
     * Number of handles.
     *
     * @return the capacity given to the constructor; handles are {@code 0..capacity()-1}
     */
    public int capacity() {
        return frameOf.length();
    }

    /**
     * Owner: gets a run into empty {@code handle}.
     *
     * @param core   the reservation slot to allocate from: any int
     * @param handle the handle to fill, {@code 0..capacity()-1}; it must be empty
     * @param order  the run is {@code 2^order} frames: {@code 0..MAX_ORDER} or {@code GIANT_ORDER}
     * @param kind   what the run is for; a {@link Kind#FIXED} run is pinned from the start
     * @return true if the handle now holds a run; false if the allocator has no such run (the handle stays empty)
     * @throws IllegalArgumentException on a bad order (nothing allocated)
     * @throws IndexOutOfBoundsException if {@code handle} is out of range (nothing allocated)
     * @throws IllegalStateException if {@code handle} holds a run (nothing allocated)
     */
    public boolean get(int core, int handle, int order, Kind kind) {
        return get(core, handle, order, kind, frame -> { });
    }

    /**
     * Owner: gets a run into empty {@code handle}, after {@code fill} has written its content: {@code fill}
     * gets the run's first frame before any move can see the run, so nothing it writes is copied half
     * done or lands in a frame the run has left.
     *
     * @param core   the reservation slot to allocate from: any int
     * @param handle the handle to fill, {@code 0..capacity()-1}; it must be empty
     * @param order  the run is {@code 2^order} frames: {@code 0..MAX_ORDER} or {@code GIANT_ORDER}
     * @param kind   what the run is for; a {@link Kind#FIXED} run is pinned from the start
     * @param fill   called once with the run's first frame, on this thread, before the handle holds the run
     * @return true if the handle now holds a run; false if the allocator has no such run (the handle stays empty,
     *     {@code fill} is not called)
     * @throws IllegalArgumentException on a bad order (nothing allocated)
     * @throws IndexOutOfBoundsException if {@code handle} is out of range (nothing allocated)
     * @throws IllegalStateException if {@code handle} holds a run (nothing allocated)
     * @throws RuntimeException what {@code fill} throws; the run is then put back and the handle stays empty
     */
    public boolean get(int core, int handle, int order, Kind kind, LongConsumer fill) {
        if (frameOf.get(handle) != NONE) { // also the range check, before anything is allocated
            throw new IllegalStateException("handle " + handle + " already holds a run");
        }
        long frame = allocator.get(core, order, kind);
        if (frame < 0) {
            return false;
        }
        try {
            fill.accept(frame);
        } catch (RuntimeException e) {
            allocator.put(core, frame, order); // UNDO: never published, no move knows the run
            throw e;
        }
        orderOf.set(handle, order);
        pinnedOf.set(handle, kind == Kind.FIXED ? 1 : 0);
        frameOf.set(handle, frame);
        handleAt.set((int) frame, handle + 1); // ORDER: after fill's writes, order and frame, which order() and move() read through it
        return true;
    }

    /**
     * Owner: puts the run of {@code handle}, wherever compaction moved it, and empties the handle.
     *
     * @param core   the reservation slot passed to the allocator's put: any int
     * @param handle the handle to empty, {@code 0..capacity()-1}
     * @throws IllegalStateException if the handle holds no run (nothing changes)
     */
    public void put(int core, int handle) {
        long frame;
        do {
            frame = frameOf.get(handle);
            if (frame == NONE) {
                throw new IllegalStateException("handle " + handle + " holds no run");
            }
        } while (!frameOf.compareAndSet(handle, frame, NONE)); // LP(owner's put): a move's CAS after this sees NONE
        handleAt.compareAndSet((int) frame, handle + 1, 0);
        allocator.put(core, frame, orderOf.get(handle));
    }

    /**
     * Owner: pins or unpins the run of {@code handle}. Unpinning a run of kind {@link Kind#FIXED} unpins it too
     * (the table does not keep the kind): do not unpin one. The flag is reset by the handle's next get.
     *
     * @param handle the handle, {@code 0..capacity()-1}
     * @param pinned true to keep the run where it is; false to let compaction move it
     */
    public void pin(int handle, boolean pinned) {
        pinnedOf.set(handle, pinned ? 1 : 0);
    }

    /**
     * The first frame of the run of {@code handle}, or {@link #NONE}.
     *
     * @param handle the handle, {@code 0..capacity()-1}
     * @return where the run is now (a move may change it at any time), or {@link #NONE} if the handle is empty
     */
    public long frame(int handle) {
        return frameOf.get(handle);
    }

    /**
     * The order of the run of {@code handle} (meaningful while it holds one).
     *
     * @param handle the handle, {@code 0..capacity()-1}
     * @return the order the run was allocated with; for an empty handle, that of its last run (0 if it never had one)
     */
    public int runOrder(int handle) {
        return orderOf.get(handle);
    }

    /** The handle whose run starts at {@code frame}, or -1. */
    private int handleAt(long frame) {
        int h = handleAt.get((int) frame) - 1;
        return h >= 0 && frameOf.get(h) == frame ? h : -1;
    }

    @Override
    public int order(long frame) {
        int h = handleAt(frame);
        return h < 0 ? UNKNOWN : orderOf.get(h);
    }

    @Override
    public boolean pinned(long frame) {
        int h = handleAt(frame);
        return h >= 0 && pinnedOf.get(h) != 0;
    }

    @Override
    public Outcome move(long from, long to, int order) {
        int h = handleAt(from);
        if (h < 0 || orderOf.get(h) != order) {
            return Outcome.GONE;
        }
        if (pinnedOf.get(h) != 0) {
            return Outcome.REFUSED;
        }
        copier.copy(from, to, order);
        handleAt.set((int) to, h + 1);
        if (!frameOf.compareAndSet(h, from, to)) { // LP(move): from here on the owner puts `to`
            handleAt.set((int) to, 0); // RACE(benign): the owner's put won; `to` was never visible to it
            return Outcome.GONE;
        }
        handleAt.compareAndSet((int) from, h + 1, 0);
        return Outcome.MOVED;
    }
}
