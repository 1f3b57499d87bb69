package dev.llfree.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchProgressTest {

    @Test
    void shouldPrintALinePerRunWhenStderrIsNotATerminal() {
        StringWriter out = new StringWriter();
        try (BenchProgress progress = new BenchProgress(new PrintWriter(out), 2, false)) {
            progress.finished("llfree/volatile bulk run 1");
            progress.finished("llfree/volatile bulk run 2");
        }
        assertEquals("[1/2] llfree/volatile bulk run 1%n[2/2] llfree/volatile bulk run 2%n".formatted(), out.toString());
    }

    @Test
    void shouldStayQuietOnATerminalForTheFirstSecondThenDrawABar() throws InterruptedException {
        StringWriter out = new StringWriter();
        try (BenchProgress progress = new BenchProgress(new PrintWriter(out), 3, true)) {
            progress.finished("run 1");
            assertEquals("", out.toString(), "no bar for a bench shorter than a second");
            Thread.sleep(1_100);
            progress.finished("run 2");
            progress.finished("run 3");
        }
        String drawn = out.toString();
        assertTrue(drawn.contains("bench") && drawn.contains("3/3") && drawn.contains("run 3"), drawn);
    }
}
