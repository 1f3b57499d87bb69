/**
 * The LLFree page-frame allocator: lock-free, log-free, volatile or on a persistent pool file.
 *
 * <p>{@link dev.llfree.LLFree} builds allocators: {@link dev.llfree.LLFree#volatileFrames(long)} for frames
 * whose metadata lives in RAM, {@link dev.llfree.LLFree#pool(java.nio.file.Path)} for a pool file on persistent
 * memory or emulating it. Both give a {@link dev.llfree.FrameAllocator} (get and put runs of {@code 2^order}
 * frames, one at a time or in batches); a pool is a {@link dev.llfree.PoolAllocator}, which also recovers after a
 * crash, moves runs crash-atomically ({@code getTo}/{@code putFrom}) and reports on its file.
 *
 * <p>Errors: {@link dev.llfree.DoubleFreeException} for a put of a free run, {@link dev.llfree.InvalidPoolException}
 * for a file that is not a valid pool, {@link dev.llfree.PoolInUseException} for a pool another allocator holds,
 * {@link dev.llfree.CorruptedAllocatorException} for metadata that breaks the allocator's invariants;
 * argument errors are {@link java.lang.IllegalArgumentException}s and change nothing.
 */
package dev.llfree;
