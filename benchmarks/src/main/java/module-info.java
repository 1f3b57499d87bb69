/**
 * The benchmarks of llfree-java: the LLFree workloads (bulk, repeat, rand, frag, latency, compaction) with CSV and
 * plots, the baselines they compare against (a model of the Linux buddy allocator, libpmemobj), and JMH
 * micro-benchmarks. The shaded {@code benchmarks.jar} runs them on the class path.
 */
module dev.llfree.bench {
    requires transitive dev.llfree;
    requires transitive dev.llfree.pmem;
    requires jmh.core;
    requires HdrHistogram;
    requires org.knowm.xchart;
    requires java.desktop;

    exports dev.llfree.bench;
    exports dev.llfree.bench.baseline;
    exports dev.llfree.bench.compaction;

    opens dev.llfree.bench.jmh to jmh.core;
}
