package dev.llfree.bench.baseline;

/**
 * The {@code flags} word of a modelled {@code struct page} (see {@link PageArray}): what the page is and,
 * for the first page of a run, the run's order (Linux keeps it in {@code page->private}).
 *
 * <pre>
 *  63           6 5      4 3     0
 * +--------------+--------+-------+
 * |      0       |  kind  | order |
 * +--------------+--------+-------+
 *  kind: 0 inside a run (not its first page), 1 buddy (first page of a free run on a free list),
 *        2 on a per-CPU list (a free order-0 page), 3 allocated (first page of an allocated run)
 * </pre>
 */
final class PageState {
    /** A page that is not the first page of a run (and not on a per-CPU list). */
    static final long INSIDE = 0;
    private static final int ORDER_BITS = 5; // orders up to 18 (a gigantic page)
    private static final long ORDER_MASK = (1L << ORDER_BITS) - 1;
    private static final long BUDDY = 1L << ORDER_BITS;
    private static final long PER_CPU = 2L << ORDER_BITS;
    private static final long ALLOCATED = 3L << ORDER_BITS;
    private static final long KIND_MASK = 3L << ORDER_BITS;

    private PageState() { }

    /** PageBuddy: the first page of a free run of {@code order} on the zone's free list of that order. */
    static long buddy(int order) {
        return BUDDY | order;
    }

    /** A free order-0 page on a per-CPU list. */
    static long perCpu() {
        return PER_CPU;
    }

    /** The first page of a run of {@code order} that get returned. */
    static long allocated(int order) {
        return ALLOCATED | order;
    }

    static boolean isBuddy(long flags) {
        return (flags & KIND_MASK) == BUDDY;
    }

    static boolean isPerCpu(long flags) {
        return (flags & KIND_MASK) == PER_CPU;
    }

    static boolean isAllocated(long flags) {
        return (flags & KIND_MASK) == ALLOCATED;
    }

    /** The order of a buddy or allocated first page. */
    static int order(long flags) {
        return (int) (flags & ORDER_MASK);
    }

    /** For messages, e.g. {@code buddy order 3}. */
    static String describe(long flags) {
        if (isBuddy(flags)) {
            return "buddy order " + order(flags);
        }
        if (isAllocated(flags)) {
            return "allocated order " + order(flags);
        }
        return isPerCpu(flags) ? "per-cpu" : flags == INSIDE ? "inside a run" : "invalid 0x" + Long.toHexString(flags);
    }
}
