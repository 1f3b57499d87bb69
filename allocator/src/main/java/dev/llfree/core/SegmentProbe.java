package dev.llfree.core;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test hook on {@link Atomics#SEGMENT_LONG}, off unless the JVM runs with {@code -Dllfree.segmentProbe=true} (the
 * allocator's test JVM does). On, every access through that handle first tells the installed {@link Probe} which long
 * of which segment it is about to read or write. The crash tests' simulated persistence domain records a cache line's
 * content before each access to it, so it knows every version the line has had, also one overwritten before the next
 * flush: each of them may have been written back by an eviction. Off, {@link #probed} returns the plain handle, so the
 * allocator runs exactly as without this class.
 */
public final class SegmentProbe {
    /** The system property that turns the hook on, read once when {@link Atomics} is initialised. */
    public static final String PROPERTY = "llfree.segmentProbe";

    private static final boolean ENABLED = Boolean.getBoolean(PROPERTY);
    private static final AtomicReference<Probe> INSTALLED = new AtomicReference<>();

    /** Told of every access through {@link Atomics#SEGMENT_LONG}, before it happens, on the accessing thread. */
    @FunctionalInterface
    public interface Probe {
        void beforeAccess(MemorySegment segment, long offset);
    }

    private SegmentProbe() { }

    /**
     * Installs {@code probe}; one at a time.
     *
     * @throws IllegalStateException if the JVM runs without {@link #PROPERTY}, or another probe is installed
     */
    public static void install(Probe probe) {
        if (!ENABLED) {
            throw new IllegalStateException("the segment probe is off: run the JVM with -D" + PROPERTY + "=true");
        }
        if (!INSTALLED.compareAndSet(null, probe)) {
            throw new IllegalStateException("a segment probe is installed already (one at a time)");
        }
    }

    /** Removes {@code probe} if it is the one installed. */
    public static void remove(Probe probe) {
        boolean ignored = INSTALLED.compareAndSet(probe, null);
    }

    /** {@code handle} (coordinates {@code (MemorySegment, long offset)}), calling the installed probe first if on. */
    static VarHandle probed(VarHandle handle) {
        if (!ENABLED) {
            return handle;
        }
        MethodHandle before;
        try {
            before = MethodHandles.lookup().findStatic(SegmentProbe.class, "beforeAccess",
                MethodType.methodType(MemorySegment.class, MemorySegment.class, long.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new AssertionError(e);
        }
        // (segment, offset, offset) -> handle(beforeAccess(segment, offset), offset), then the offset passed once
        VarHandle threeCoordinates = MethodHandles.collectCoordinates(handle, 0, before);
        return MethodHandles.permuteCoordinates(threeCoordinates, List.of(MemorySegment.class, long.class), 0, 1, 1);
    }

    private static MemorySegment beforeAccess(MemorySegment segment, long offset) {
        Probe probe = INSTALLED.get();
        if (probe != null) {
            probe.beforeAccess(segment, offset);
        }
        return segment;
    }
}
