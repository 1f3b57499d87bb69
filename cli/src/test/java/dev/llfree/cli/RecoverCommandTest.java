package dev.llfree.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llfree recover} end to end: after a crash, on demand after a clean close, and refusing a corrupt pool. */
class RecoverCommandTest {
    @TempDir
    Path dir;
    private Path pool;

    @BeforeEach
    void createPool() throws IOException {
        pool = TestPools.create(dir);
    }

    @Test
    void shouldRecountTheCountersACrashLeftAndReportWhatItFound() throws IOException {
        TestPools.leaveStaleCounter(pool);

        String out = Cli.run("recover", pool.toString()).ok().out().replace(System.lineSeparator(), "\n");

        assertTrue(out.startsWith("recovered " + pool + " (it had not been closed cleanly"), out);
        assertTrue(out.contains("children scanned   80\n"), out);
        assertTrue(out.contains("counters repaired  1\n"), out);
        assertTrue(out.contains("frames recovered   3 (free frames the stored counters had lost)"), out);
        assertTrue(out.contains("free frames        " + (TestPools.FRAMES - 8 - 512) + " "), out);
        assertTrue(out.contains("huge frames        1 allocated"), out);
        assertTrue(out.contains("leaked             unknown without a tracer"), out);
        assertTrue(out.matches("(?s).*time               \\d+\\.\\d{3} ms\n"), out);
        Cli.run("verify", pool.toString()).ok();
    }

    @Test
    void shouldRecoverOnDemandAfterACleanCloseAsJson() {
        Cli cli = Cli.run("recover", pool.toString(), "--json").ok();

        assertTrue(cli.out().contains("\"closedCleanly\" : true"), cli.out());
        assertTrue(cli.out().contains("\"childrenScanned\" : 80"), cli.out());
        assertTrue(cli.out().contains("\"countersRepaired\" : 0"), cli.out());
        assertTrue(cli.out().contains("\"framesRecovered\" : 0"), cli.out());
        assertTrue(cli.out().contains("\"leaked\" : \"unknown without a tracer\""), cli.out());
        Cli.run("verify", pool.toString()).ok();
    }

    @Test
    void shouldRefuseACorruptPoolUnchanged() throws IOException {
        TestPools.corruptHugeRow(pool);
        TestPools.setClean(pool, false);
        byte[] before = TestPools.bytes(pool);

        Cli.run("recover", pool.toString()).fails(3, "llfree recover: pool " + pool + ": corrupt metadata: child "
                + TestPools.hugeChild(pool) + " (frames 0x");

        assertArrayEquals(before, TestPools.bytes(pool));
    }
}
