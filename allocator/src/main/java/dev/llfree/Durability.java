package dev.llfree;

/**
 * How far a completed get or put survives, and what it costs.
 *
 * <table>
 *   <caption>durabilities</caption>
 *   <tr><th>mode</th><th>memory</th><th>flushed per get/put</th><th>survives</th></tr>
 *   <tr><td>VOLATILE</td><td>anonymous</td><td>nothing</td><td>nothing</td></tr>
 *   <tr><td>PMEM</td><td>pmem_map_file</td><td>the changed line: pmem_flush + pmem_drain</td><td>process crash, power loss (ADR)</td></tr>
 *   <tr><td>EADR</td><td>pmem_map_file</td><td>nothing: caches are in the persistence domain</td><td>process crash, power loss (eADR)</td></tr>
 *   <tr><td>MAPPED</td><td>FileChannel.map</td><td>nothing; msync at sync/close</td><td>process crash; power loss only after sync</td></tr>
 * </table>
 *
 * {@link #AUTO} is a request, never a mode: opening a pool turns it into EADR where libpmem reports that the
 * platform flushes caches on power loss ({@code pmem_has_auto_flush}), PMEM where the file is persistent memory,
 * else MAPPED. PMEM on a file
 * that is not persistent memory (a tmpfs file emulating it) is allowed when asked for explicitly: it
 * pays the real flush cost, which is what benchmarks need, but DRAM does not survive power loss.
 */
public enum Durability {
    /** Anonymous memory: nothing survives the process. */
    VOLATILE,
    /** Persistent memory: each get and put writes its line back and waits for it. */
    PMEM,
    /** Persistent memory on a platform whose caches are in the persistence domain: nothing is written back. */
    EADR,
    /** An ordinary mapped file: survives a process crash; power loss only after a sync or close. */
    MAPPED,
    /** Ask for the best the file and platform offer; resolved when a pool is opened. */
    AUTO;

    /**
     * Whether the metadata lives in a file (and so survives a process crash).
     *
     * @return false for {@link #VOLATILE} only ({@link #AUTO} always resolves to a file mode)
     */
    public boolean persistent() {
        return this != VOLATILE;
    }

    /**
     * Lower-case name for messages and CSV.
     *
     * @return the constant's name in lower case, e.g. {@code pmem}; {@link #parse} reads it back
     */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Parses a case-insensitive name.
     *
     * @param name a constant's name in any case, surrounding whitespace ignored (e.g. {@code " Mapped"})
     * @return the durability of that name
     * @throws IllegalArgumentException if no durability has that name; the message lists them
     */
    public static Durability parse(String name) {
        for (Durability d : values()) {
            if (d.name().equalsIgnoreCase(name.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("durability: '" + name + "' (expected: volatile, pmem, eadr, mapped or auto)");
    }
}
