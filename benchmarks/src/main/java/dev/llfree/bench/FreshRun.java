package dev.llfree.bench;

import dev.llfree.FrameAllocator;

import java.util.function.Function;

/**
 * One run on a fresh allocator: builds it, runs the body, then requires it to be wholly free again and
 * to pass {@link FrameAllocator#validate()}, and closes it. Every runner measures this way.
 */
final class FreshRun {
    private FreshRun() { }

    /**
     * @param what names the run in the failure message, e.g. {@code bulk (order 0, 2 threads, run 1)}
     * @throws IllegalStateException {@code "<allocator> <what> failed: <reason>"} if the body fails or leaves
     *     the allocator not wholly free or inconsistent
     */
    static <T> T run(AllocatorFactory factory, long frames, int cores, String what, Function<FrameAllocator, T> body) {
        try (FrameAllocator allocator = factory.create(frames, cores)) {
            T result = body.apply(allocator);
            if (allocator.freeFrames() != allocator.frames()) {
                throw new IllegalStateException("allocator not wholly free after the run: " + allocator.freeFrames()
                        + " of " + allocator.frames() + " frames free");
            }
            allocator.validate();
            return result;
        } catch (RuntimeException e) {
            throw new IllegalStateException(factory.label() + " " + what + " failed: " + e.getMessage(), e);
        }
    }
}
