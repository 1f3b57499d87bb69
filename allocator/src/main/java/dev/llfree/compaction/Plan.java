package dev.llfree.compaction;

import dev.llfree.FrameAllocator;
import java.util.Arrays;

/**
 * Sources and targets from one list of children sorted by occupancy (fewest allocated frames first):
 * sources are taken from the sparse end, targets from the full end, and the two never cross, so no
 * run moves into a child that is emptied later. A source that could not be emptied (a pinned run)
 * becomes a target, and the first one: it will never be emptied, so its holes are worth filling.
 *
 * <pre>
 *   children:  [ taken as sources | next ... fullest | full ]
 *                given up ─┐        └─ targets: fullest first, down to next
 *                          └─ targets before those
 * </pre>
 *
 * {@code room} tracks the free frames of the targets from {@code next} on. A source of occupancy
 * {@code o} and free {@code f} is taken only if the room without it still holds {@code o}; with
 * {@code o + f = 512} that is "room of at least one huge frame", the bound's own condition. Targets
 * taken lower the room; targets given back unused (a move refused or gone) are not added back, so the
 * room only under-estimates.
 */
final class Plan implements Targets {
    private static final int CHILD_BITS = 40;
    private static final long CHILD_MASK = (1L << CHILD_BITS) - 1;
    /** Returned by {@link #nextSource()} when the plan has no source left. */
    static final long NONE = -1;

    private final Session session;
    private final long[] children;
    private final int[] occupancy;
    private final long[] givenUp;
    private int givenUpCount;
    private int next;
    private int fullest;
    private long room;

    private Plan(Session session, long[] children, int[] occupancy) {
        this.session = session;
        this.children = children;
        this.occupancy = occupancy;
        this.givenUp = new long[children.length];
        this.fullest = children.length - 1;
        for (long c : children) {
            room += roomOf(c);
        }
    }

    /** A plan over the children {@code [first, end)} that are sources or targets and not full. */
    static Plan of(Session session, long first, long end) {
        long[] keys = new long[Math.toIntExact(end - first)];
        int n = 0;
        for (long c = first; c < end; c++) {
            if (session.free(c) > 0 && (session.source(c) || session.target(c))) {
                keys[n++] = (long) session.occupancy(c) << CHILD_BITS | c;
            }
        }
        keys = Arrays.copyOf(keys, n);
        Arrays.sort(keys); // by occupancy, then by address
        long[] children = new long[n];
        int[] occupancy = new int[n];
        for (int i = 0; i < n; i++) {
            children[i] = keys[i] & CHILD_MASK;
            occupancy[i] = (int) (keys[i] >>> CHILD_BITS);
        }
        return new Plan(session, children, occupancy);
    }

    boolean hasSource() {
        return next < fullest;
    }

    /** Occupancy of the next source when the plan was made: the order in which plans are merged. */
    int nextOccupancy() {
        return occupancy[next];
    }

    /**
     * The next child to empty, now no longer a target; {@link #NONE} when the remaining room cannot take
     * it (then none of the fuller ones either) or no source is left.
     */
    long nextSource() {
        while (next < fullest) {
            long c = children[next++];
            room -= roomOf(c);
            if (!session.source(c)) {
                continue; // a partial last child, or changed since the plan was made
            }
            if (room < session.occupancy(c)) {
                next = fullest;
                return NONE;
            }
            return c;
        }
        return NONE;
    }

    /** Source {@code c} was not emptied: its free frames become the first targets. */
    void giveUp(long c) {
        givenUp[givenUpCount++] = c;
        room += roomOf(c);
    }

    /** Free frames of {@code c} that runs may move into. */
    private long roomOf(long c) {
        return session.target(c) ? session.free(c) : 0;
    }

    @Override
    public long take(int order) {
        for (int i = givenUpCount - 1; i >= 0; i--) {
            long frame = tryTarget(givenUp[i], order);
            if (frame >= 0) {
                return frame;
            }
            if (i == givenUpCount - 1 && !session.target(givenUp[i])) {
                givenUpCount--; // full now: never a target again
            }
        }
        for (int i = fullest; i >= next; i--) {
            long frame = tryTarget(children[i], order);
            if (frame >= 0) {
                return frame;
            }
            if (i == fullest && !session.target(children[i])) {
                fullest--; // full now (or no longer a target): never one again
            }
        }
        return FrameAllocator.NO_FRAME;
    }

    private long tryTarget(long c, int order) {
        long frame = session.target(c) ? session.take(c, order) : FrameAllocator.NO_FRAME;
        if (frame >= 0) {
            room -= 1L << order;
        }
        return frame;
    }
}
