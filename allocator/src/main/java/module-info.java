/**
 * LLFree: a lock-free, log-free, optionally persistent page-frame allocator (Wrenger et al., USENIX ATC '23) for
 * volatile memory and persistent-memory pool files.
 *
 * <p>The API is {@link dev.llfree} (start with {@link dev.llfree.LLFree}) and {@link dev.llfree.compaction}. The
 * core stays inside the module. Pool-file inspection and the pool's crash tools are exported to the command line
 * and the benchmarks only. On the module path, grant native access to the libpmem bindings:
 * {@code --enable-native-access=dev.llfree.pmem}.
 */
module dev.llfree {
    requires dev.llfree.pmem;

    exports dev.llfree;
    exports dev.llfree.compaction;
    exports dev.llfree.file to dev.llfree.cli;
    exports dev.llfree.inspect to dev.llfree.cli;
    exports dev.llfree.pool to dev.llfree.cli, dev.llfree.bench;
}
