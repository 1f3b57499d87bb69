package dev.llfree;

/**
 * Where {@link PoolAllocator#getTo get-to} publishes a frame number and {@link PoolAllocator#putFrom put-from}
 * finds it: a root slot of the pool header, or an 8-byte aligned {@code long} in the pool's data area, named
 * by its offset from the start of the data area. Both are position-independent: the pool may be mapped at
 * any address. A destination is empty when it holds {@link FrameAllocator#NO_FRAME}.
 *
 * @param root     whether this is a root slot
 * @param position the root index, or the offset in the data area
 */
public record Destination(boolean root, long position) {
    /**
     * A destination; {@link #root(int)} and {@link #data(long)} are the readable way to make one.
     *
     * @throws IllegalArgumentException if a root index is not in {@code 0..PoolAllocator.ROOTS-1}, or a data
     *     offset is negative or not 8-byte aligned (the data area's end is checked by the pool)
     */
    public Destination {
        if (root && (position < 0 || position >= PoolAllocator.ROOTS)) {
            throw new IllegalArgumentException("root: " + position + " (expected: 0.." + (PoolAllocator.ROOTS - 1) + ")");
        }
        if (!root && (position < 0 || (position & (Long.BYTES - 1)) != 0)) {
            throw new IllegalArgumentException("destination: data offset " + position
                + " (expected: >= 0 and 8-byte aligned)");
        }
    }

    /**
     * Root slot {@code index}.
     *
     * @param index the root slot, {@code 0..PoolAllocator.ROOTS-1}
     * @return the destination of that root slot
     * @throws IllegalArgumentException if {@code index} is out of range
     */
    public static Destination root(int index) {
        return new Destination(true, index);
    }

    /**
     * The {@code long} at {@code offset} bytes into the data area.
     *
     * @param offset bytes from the start of the data area: {@code >= 0}, a multiple of 8; that it lies inside
     *     the data area is checked when the destination is used
     * @return the destination of that {@code long}
     * @throws IllegalArgumentException if {@code offset} is negative or not 8-byte aligned
     */
    public static Destination data(long offset) {
        return new Destination(false, offset);
    }

    @Override
    public String toString() {
        return root ? "root " + position : "data offset " + position;
    }
}
