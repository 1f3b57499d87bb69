/**
 * FFM bindings to libpmem ({@link dev.llfree.pmem.Pmem}) and libpmemobj ({@link dev.llfree.pmemobj.PmemObj}).
 *
 * <p>Only the safe wrappers are exported; the jextract output in the {@code gen} packages stays inside
 * the module. The bindings make restricted (native) calls: on the module path, start the JVM with
 * {@code --enable-native-access=dev.llfree.pmem}.
 */
module dev.llfree.pmem {
    exports dev.llfree.pmem;
    exports dev.llfree.pmemobj;
}
