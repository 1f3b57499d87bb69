package dev.llfree.cli;

import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs {@code llfree} through the real command line (as {@code main} does, without exiting) and keeps what it printed. */
record Cli(int exit, String out, String err) {
    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LLFreeCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Cli(exit, out.toString(), err.toString());
    }

    /** As {@link #run}, with {@code input} on standard input. */
    static Cli withInput(String input, String... args) {
        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return run(args);
        } finally {
            System.setIn(stdin);
        }
    }

    /** Asserts success with nothing on stderr. */
    Cli ok() {
        assertEquals(0, exit, err);
        assertEquals("", err);
        return this;
    }

    /** Asserts {@code exit}, nothing on stdout, and exactly one line on stderr that starts with {@code prefix}. */
    Cli fails(int exit, String prefix) {
        assertEquals(exit, this.exit, err);
        assertEquals("", out, "stdout");
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith(prefix), err);
        assertFalse(err.contains("\tat "), err);
        return this;
    }
}
