package dev.llfree.bench;

import java.util.Locale;
import java.util.function.Function;

/**
 * The CSV files the bench writes: a header line and how a row is formatted. Names are plain tokens, so
 * nothing needs quoting. With {@code -o out.csv}, {@link #RESULTS} goes to {@code out.csv},
 * {@link #FRAG} to {@code out-frag.csv} and {@link #LATENCY} to {@code out-latency.csv}.
 *
 * <p>Thread safety: immutable.
 *
 * @param header the first line, without the line break
 * @param line   one row, without the line break
 * @param <T>    the row type
 */
public record CsvFormat<T>(String header, Function<T, String> line) {
    /** The throughput workloads (bulk, repeat, rand): one row per measured run. */
    public static final CsvFormat<BenchResult> RESULTS = new CsvFormat<>(
            "allocator,durability,workload,order,threads,memory_bytes,run,get_ns,put_ns,ops_per_s",
            r -> String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%d,%.2f,%.2f,%d", r.allocator(), r.durability(),
                    r.workload(), r.order(), r.threads(), r.memoryBytes(), r.run(), r.getNs(), r.putNs(),
                    Math.round(r.opsPerSecond())));

    /** The frag workload: one row per sample (after the fill, round 0, and after each churn round). */
    public static final CsvFormat<FragSample> FRAG = new CsvFormat<>(
            "allocator,durability,threads,memory_bytes,round,free_frames,free_huge_frames,ideal_huge_frames,failed_gets",
            s -> String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%d,%d,%d,%d", s.allocator(), s.durability(), s.threads(),
                    s.memoryBytes(), s.round(), s.freeFrames(), s.freeHugeFrames(), s.idealHugeFrames(), s.failedGets()));

    /** The latency workload: one row per operation, fill level, thread count and allocator. */
    public static final CsvFormat<LatencyResult> LATENCY = new CsvFormat<>(
            "allocator,durability,order,threads,memory_bytes,fill_percent,op,samples,p50_ns,p99_ns,p999_ns,max_ns,mean_ns,"
                    + "clock_ns",
            r -> String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%d,%s,%d,%d,%d,%d,%d,%.1f,%d", r.allocator(), r.durability(),
                    r.order(), r.threads(), r.memoryBytes(), r.fillPercent(), r.op(), r.samples(), r.p50Ns(), r.p99Ns(),
                    r.p999Ns(), r.maxNs(), r.meanNs(), r.clockNs()));
}
