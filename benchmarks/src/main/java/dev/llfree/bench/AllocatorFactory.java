package dev.llfree.bench;

import dev.llfree.FrameAllocator;
import dev.llfree.LLFree;

import java.util.regex.Pattern;

/**
 * A named way to build a fresh allocator for one benchmark run. The name and durability end up in
 * the {@code allocator} and {@code durability} columns of the results, so they must be plain tokens.
 *
 * <p>Thread safety: immutable; {@link #create} may be called from any thread if the builder allows it.
 *
 * @param name       allocator column, e.g. {@code llfree}
 * @param durability durability column, e.g. {@code volatile}
 * @param builder    builds an allocator with every frame free
 */
public record AllocatorFactory(String name, String durability, Builder builder) {
    private static final Pattern TOKEN = Pattern.compile("[a-z0-9_-]+");

    /** LLFree with its metadata in volatile memory. */
    public static final AllocatorFactory LLFREE_VOLATILE = new AllocatorFactory("llfree", "volatile",
            (frames, cores) -> LLFree.volatileFrames(frames).cores(cores).build());

    /** Builds an allocator of {@code frames} frames, all free, with {@code cores} reservation slots. */
    @FunctionalInterface
    public interface Builder {
        /** A fresh allocator; the caller closes it. */
        FrameAllocator build(long frames, int cores);
    }

    /**
     * @throws IllegalArgumentException if name or durability is not a lower-case token ({@code [a-z0-9_-]+})
     */
    public AllocatorFactory {
        requireToken("name", name);
        requireToken("durability", durability);
    }

    /** A fresh allocator of {@code frames} frames with {@code cores} reservation slots; the caller closes it. */
    public FrameAllocator create(long frames, int cores) {
        return builder.build(frames, cores);
    }

    /** {@code name/durability}, as printed in tables. */
    public String label() {
        return name + "/" + durability;
    }

    private static void requireToken(String field, String value) {
        if (value == null || !TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException(field + ": '" + value + "' (expected: [a-z0-9_-]+)");
        }
    }
}
