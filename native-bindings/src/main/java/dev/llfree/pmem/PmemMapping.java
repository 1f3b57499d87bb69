package dev.llfree.pmem;

import java.lang.foreign.MemorySegment;

/**
 * A file mapped by {@code pmem_map_file}.
 *
 * @param segment the whole mapping; unmapped when its arena closes
 * @param isPmem  what {@code pmem_map_file} reported: true on DAX persistent memory (or with PMEM_IS_PMEM_FORCE=1)
 */
public record PmemMapping(MemorySegment segment, boolean isPmem) { }
