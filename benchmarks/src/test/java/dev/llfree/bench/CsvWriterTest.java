package dev.llfree.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvWriterTest {
    private static final String HEADER = "allocator,durability,workload,order,threads,memory_bytes,run,get_ns,put_ns,ops_per_s\n";

    @Test
    void shouldWriteExactlyTheHeaderWhenThereAreNoResults() throws IOException {
        StringWriter text = new StringWriter();
        new CsvWriter<>(text, CsvFormat.RESULTS).close();
        assertEquals(HEADER, text.toString());
    }

    @Test
    void shouldWriteTheHeaderThenOneLinePerResult() throws IOException {
        StringWriter text = new StringWriter();
        try (CsvWriter<BenchResult> csv = new CsvWriter<>(text, CsvFormat.RESULTS)) {
            csv.write(new BenchResult("llfree", "volatile", Workload.BULK, 0, 2, 8L << 30, 1, 31.254, 27.1, 63_123_456.7));
            csv.write(new BenchResult("buddy", "volatile", Workload.REPEAT, 9, 1, 64L << 20, 3, 40.0, 40.0, 5e7));
        }
        assertEquals(HEADER
                + "llfree,volatile,bulk,0,2,8589934592,1,31.25,27.10,63123457\n"
                + "buddy,volatile,repeat,9,1,67108864,3,40.00,40.00,50000000\n", text.toString());
    }

    @Test
    void shouldWriteFragSamplesWithTheirIdealAndLatencyResultsWithTheClock() throws IOException {
        StringWriter frag = new StringWriter();
        try (CsvWriter<FragSample> csv = new CsvWriter<>(frag, CsvFormat.FRAG)) {
            csv.write(new FragSample("buddy", "volatile", 2, 64L << 20, 7, 8191, 3, 1));
        }
        StringWriter latency = new StringWriter();
        try (CsvWriter<LatencyResult> csv = new CsvWriter<>(latency, CsvFormat.LATENCY)) {
            csv.write(new LatencyResult("llfree", "pmem", 0, 1, 64L << 20, 99, "get", 1000, 210, 400, 900, 12000, 230.25, 18));
        }
        assertEquals("allocator,durability,threads,memory_bytes,round,free_frames,free_huge_frames,ideal_huge_frames,failed_gets\n"
                + "buddy,volatile,2,67108864,7,8191,3,15,1\n", frag.toString());
        assertEquals("allocator,durability,order,threads,memory_bytes,fill_percent,op,samples,p50_ns,p99_ns,p999_ns,max_ns,"
                + "mean_ns,clock_ns\nllfree,pmem,0,1,67108864,99,get,1000,210,400,900,12000,230.3,18\n", latency.toString());
    }
}
