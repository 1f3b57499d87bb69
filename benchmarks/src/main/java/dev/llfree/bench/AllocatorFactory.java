package dev.llfree.bench;

import dev.llfree.FrameAllocator;
import dev.llfree.LLFree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * A named way to build a fresh allocator for each benchmark run. The name and durability end up in
 * the {@code allocator} and {@code durability} columns of the results, so they must be plain tokens.
 * {@link #close()} releases what the builder keeps between runs (a pool file); see {@link Allocators}
 * for the allocators the bench knows.
 *
 * <p>Thread safety: {@link #create} and {@link #close} are called from one thread at a time.
 *
 * @param name       allocator column, e.g. {@code llfree}
 * @param durability durability column, e.g. {@code volatile}
 * @param builder    builds an allocator with every frame free
 */
public record AllocatorFactory(String name, String durability, Builder builder) implements AutoCloseable {
    private static final Pattern TOKEN = Pattern.compile("[a-z0-9_-]+");

    /** LLFree with its metadata in volatile memory. */
    public static final AllocatorFactory LLFREE_VOLATILE = new AllocatorFactory("llfree", "volatile",
            (frames, cores) -> LLFree.volatileFrames(frames).cores(cores).build());

    /** Builds an allocator of {@code frames} frames, all free, with {@code cores} reservation slots. */
    @FunctionalInterface
    public interface Builder extends AutoCloseable {
        /**
         * A fresh allocator; the caller closes it before the next build.
         *
         * @throws IOException if its pool file cannot be created or opened
         */
        FrameAllocator build(long frames, int cores) throws IOException;

        /** Releases what the builder keeps between builds; nothing by default. */
        @Override
        default void close() throws IOException {
        }
    }

    /**
     * @throws IllegalArgumentException if name or durability is not a lower-case token ({@code [a-z0-9_-]+})
     */
    public AllocatorFactory {
        requireToken("name", name);
        requireToken("durability", durability);
    }

    /**
     * A fresh allocator of {@code frames} frames with {@code cores} reservation slots; the caller closes it.
     *
     * @throws UncheckedIOException if its pool file cannot be created or opened
     */
    public FrameAllocator create(long frames, int cores) {
        try {
            return builder.build(frames, cores);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** {@code name/durability}, as printed in tables. */
    public String label() {
        return name + "/" + durability;
    }

    /**
     * Releases what the builder keeps between runs, such as a temporary pool file.
     *
     * @throws IOException if that fails
     */
    @Override
    public void close() throws IOException {
        builder.close();
    }

    private static void requireToken(String field, String value) {
        if (value == null || !TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException(field + ": '" + value + "' (expected: [a-z0-9_-]+)");
        }
    }
}
