package dev.llfree.core.upper;

import dev.llfree.Kind;
import dev.llfree.core.Atomics;
import java.lang.invoke.VarHandle;

/**
 * Where a reservation looks for a tree, so that finding one costs about the same for 8 GiB as for 16 TiB: per class
 * of unreserved trees, one bit per tree, and above those bits one bit per word of them that may be non-zero.
 * {@link #next} reads one word per 4096 trees and then the words it needs (16 TiB: 262144 trees, 64 group words).
 *
 * <pre>
 * classes     WHOLE        unreserved, every frame free (serves any kind)
 *             ANY          unreserved, at least one frame free
 *             PARTIAL + k  unreserved, partly used, at least Trees.PARTIAL_MIN frames free, kind k
 * words[c]    bit t % 64 of word t / 64: tree t may be in class c
 * groups[c]   bit w % 64 of word w / 64: words[c][w] may be non-zero
 * </pre>
 *
 * <p>Conservative: a bit may stay set after its tree left the class (the tree took frames or was reserved; the
 * searcher that finds it so clears it, see {@link Trees}). A tree enters a class only through an unreserve, a put
 * that crosses a threshold, or a steal from an unreserved whole tree, and the thread that made it enter sets its bit.
 * So a member's bit is clear only between that update and that set, or between a clear and its recheck: whoever
 * clears a bit reads again what the bit stood for and sets it back if it still holds. Every access here is volatile,
 * so sets, clears and rechecks are in one total order: a set that found its bit set before a clear happened is
 * followed by that clear's recheck, which sees the set's cause. The summary is volatile, built when an allocator is
 * made; a stale or missing bit costs a search more or makes it look elsewhere, never a false out-of-memory (the last
 * resort of a get tries every tree).
 */
final class TreeSummary {
    /** Unreserved trees with every frame free. */
    static final int WHOLE = 0;
    /** Unreserved trees with at least one free frame. */
    static final int ANY = 1;
    private static final int PARTIAL = 2;
    /** Classes: {@link #WHOLE}, {@link #ANY} and one per kind ({@link #partial}). */
    static final int CLASSES = PARTIAL + Kind.COUNT;
    /** Returned by {@link #next} when no bit is set. */
    static final long NONE = -1;

    private static final VarHandle LONG = Atomics.ARRAY_LONG;
    private static final int WORD_SHIFT = 6;

    private final long[][] words;
    private final long[][] groups;

    TreeSummary(long trees) {
        int wordCount = Math.toIntExact((trees + Long.SIZE - 1) >>> WORD_SHIFT);
        int groupCount = (wordCount + Long.SIZE - 1) >>> WORD_SHIFT;
        words = new long[CLASSES][wordCount];
        groups = new long[CLASSES][groupCount];
        VarHandle.releaseFence(); // ORDER: the empty arrays visible before the allocator is published
    }

    /** The class of unreserved, partly used trees of kind {@code kind} with enough free frames. */
    static int partial(int kind) {
        return PARTIAL + kind;
    }

    /** The class's name, for messages. */
    static String name(int cls) {
        return switch (cls) {
            case WHOLE -> "wholly free";
            case ANY -> "not full";
            default -> "partly used " + Kind.of(cls - PARTIAL);
        };
    }

    /** Sets {@code tree}'s bit in class {@code cls} (and its group's), writing only what is clear. */
    void set(int cls, long tree) {
        int word = (int) (tree >>> WORD_SHIFT);
        setBit(words[cls], word, 1L << tree);
        setBit(groups[cls], word >>> WORD_SHIFT, 1L << word); // ORDER: after the tree's bit, as next() rechecks
    }

    /**
     * Sets the bit unless it is set. ORDER: a volatile read, then a volatile or; a clear between them is followed by
     * its recheck (see the class comment).
     */
    private static void setBit(long[] array, int index, long bit) {
        if (((long) LONG.getVolatile(array, index) & bit) == 0) {
            long ignored = (long) LONG.getAndBitwiseOr(array, index, bit);
        }
    }

    /** Clears {@code tree}'s bit in class {@code cls}; the caller then rechecks that the tree is not in the class. */
    void clear(int cls, long tree) {
        long ignored = (long) LONG.getAndBitwiseAnd(words[cls], (int) (tree >>> WORD_SHIFT), ~(1L << tree));
    }

    /**
     * The first tree in {@code [from, end)} whose bit is set in class {@code cls}, or {@link #NONE}. A group bit whose
     * word is found empty is cleared, and set again if the word is not empty on a second read.
     */
    long next(int cls, long from, long end) {
        if (from >= end) {
            return NONE;
        }
        long[] classWords = words[cls];
        int word = (int) (from >>> WORD_SHIFT);
        int last = (int) ((end - 1) >>> WORD_SHIFT);
        long bits = (long) LONG.getVolatile(classWords, word) & -1L << from;
        while (bits == 0) {
            word = nextWord(cls, word + 1, last);
            if (word < 0) {
                return NONE;
            }
            bits = (long) LONG.getVolatile(classWords, word);
            if (bits == 0) {
                long[] classGroups = groups[cls];
                long ignored = (long) LONG.getAndBitwiseAnd(classGroups, word >>> WORD_SHIFT, ~(1L << word));
                bits = (long) LONG.getVolatile(classWords, word); // ORDER: the recheck after the clear
                if (bits != 0) {
                    setBit(classGroups, word >>> WORD_SHIFT, 1L << word); // RACE(benign): a set came in between
                }
            }
        }
        long tree = ((long) word << WORD_SHIFT) + Long.numberOfTrailingZeros(bits);
        return tree < end ? tree : NONE;
    }

    /** The first word in {@code [from, last]} whose group bit is set, or -1. */
    private int nextWord(int cls, int from, int last) {
        if (from > last) {
            return -1;
        }
        long[] classGroups = groups[cls];
        int group = from >>> WORD_SHIFT;
        long bits = (long) LONG.getVolatile(classGroups, group) & -1L << from;
        while (bits == 0) {
            group++;
            if (group > last >>> WORD_SHIFT) {
                return -1;
            }
            bits = (long) LONG.getVolatile(classGroups, group);
        }
        int word = (group << WORD_SHIFT) + Long.numberOfTrailingZeros(bits);
        return word <= last ? word : -1;
    }

    /** Whether {@code tree}'s bit is set in class {@code cls}: for validation and tests. */
    boolean isSet(int cls, long tree) {
        return ((long) LONG.getVolatile(words[cls], (int) (tree >>> WORD_SHIFT)) & 1L << tree) != 0;
    }
}
