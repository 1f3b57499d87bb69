package dev.llfree.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResultCsvWriterTest {
    private static final String HEADER = "allocator,durability,workload,order,threads,memory_bytes,run,get_ns,put_ns,ops_per_s\n";

    @Test
    void shouldWriteExactlyTheHeaderWhenThereAreNoResults() throws IOException {
        StringWriter text = new StringWriter();
        new ResultCsvWriter(text).close();
        assertEquals(HEADER, text.toString());
    }

    @Test
    void shouldWriteTheHeaderThenOneLinePerResult() throws IOException {
        StringWriter text = new StringWriter();
        try (ResultCsvWriter csv = new ResultCsvWriter(text)) {
            csv.write(new BenchResult("llfree", "volatile", Workload.BULK, 0, 2, 8L << 30, 1, 31.254, 27.1, 63_123_456.7));
            csv.write(new BenchResult("llfree", "volatile", Workload.REPEAT, 9, 1, 64L << 20, 3, 40.0, 40.0, 5e7));
        }
        assertEquals(HEADER
                + "llfree,volatile,bulk,0,2,8589934592,1,31.25,27.10,63123457\n"
                + "llfree,volatile,repeat,9,1,67108864,3,40.00,40.00,50000000\n", text.toString());
    }
}
