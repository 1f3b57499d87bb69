package dev.llfree.cli;

import dev.llfree.Durability;
import dev.llfree.LLFree;
import dev.llfree.PoolAllocator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command that reads a pool, on every kind of bad pool: the right exit code, one line on stderr
 * (a stack trace only with {@code --verbose}), and the file left byte-for-byte unchanged.
 */
class BadPoolTest {
    /** Each command that opens POOL, with the arguments after it. */
    private static final String[] COMMANDS = {"alloc", "free 0", "recover", "inspect", "inspect --json",
        "verify", "verify --repair"};

    @TempDir
    Path dir;

    static Stream<String> commands() {
        return Arrays.stream(COMMANDS);
    }

    @ParameterizedTest
    @MethodSource("commands")
    void shouldRefuseAFileThatIsNotAPool(String command) throws IOException {
        Path pool = dir.resolve("pool");
        Files.writeString(pool, "not a pool, but long enough to hold a header ".repeat(100));
        assertRefusedUnchanged(command, pool, 3, "pool " + pool + ": not an llfree pool (magic 0x");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void shouldRefuseATruncatedOrEmptyPool(String command) throws IOException {
        Path pool = TestPools.create(dir);
        byte[] whole = TestPools.bytes(pool);
        Files.write(pool, Arrays.copyOf(whole, whole.length - 64));
        assertRefusedUnchanged(command, pool, 3, "pool " + pool + ": truncated: " + (whole.length - 64) + " bytes");
        Files.write(pool, new byte[0]);
        assertRefusedUnchanged(command, pool, 3, "pool " + pool + ": empty file, not a pool");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void shouldRefuseAPoolWithADamagedHeader(String command) throws IOException {
        Path pool = TestPools.create(dir);
        byte[] bytes = TestPools.bytes(pool);
        bytes[24] ^= 1; // frames: covered by the checksum
        Files.write(pool, bytes);
        assertRefusedUnchanged(command, pool, 3, "pool " + pool + ": header checksum mismatch");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alloc", "free 0", "recover"})
    void shouldRefuseToWriteToACorruptPool(String command) throws IOException {
        Path pool = TestPools.create(dir);
        TestPools.leaveStaleCounter(pool);
        TestPools.corruptPairFlag(pool);
        assertRefusedUnchanged(command, pool, 3, "pool " + pool + ": corrupt metadata: child 20: pair flag without huge"
                + " flag {free=512, pair} (nothing was changed; 'llfree verify' lists every problem)");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void shouldRefuseAPoolThatIsOpenElsewhere(String command) throws IOException {
        Path pool = TestPools.create(dir);
        try (PoolAllocator _ = LLFree.pool(pool).durability(Durability.MAPPED).open()) {
            assertRefusedUnchanged(command, pool, 4, "pool " + pool + ": in use (this process has it open already)");
        }
    }

    @Test
    void shouldNameAMissingFileOrADirectory() {
        Path missing = dir.resolve("missing");
        for (String command : COMMANDS) {
            Cli.run(args(command, missing)).fails(1, "llfree " + command.split(" ")[0] + ": " + missing + ": no such file");
            Cli.run(args(command, dir)).fails(3, "llfree " + command.split(" ")[0] + ": pool " + dir
                    + ": is a directory, not a pool file");
        }
    }

    @Test
    void shouldPrintTheStackTraceOnlyWithVerbose() throws IOException {
        Path pool = dir.resolve("pool");
        Files.writeString(pool, "x".repeat(5000));

        Cli quiet = Cli.run("inspect", pool.toString());
        Cli verbose = Cli.run("--verbose", "inspect", pool.toString());

        assertEquals(3, verbose.exit());
        assertTrue(verbose.err().startsWith(quiet.err()), verbose.err());
        assertTrue(verbose.err().contains("dev.llfree.InvalidPoolException: pool " + pool), verbose.err());
        assertTrue(verbose.err().contains("\tat dev.llfree.file.PoolHeader.read"), verbose.err());
    }

    private static void assertRefusedUnchanged(String command, Path pool, int exit, String message) throws IOException {
        byte[] before = TestPools.bytes(pool);
        Cli.run(args(command, pool)).fails(exit, "llfree " + command.split(" ")[0] + ": " + message);
        assertArrayEquals(before, TestPools.bytes(pool), command + " changed the file");
    }

    /** {@code command} with POOL after its name: {@code free 0} becomes {@code free POOL 0}. */
    private static String[] args(String command, Path pool) {
        String[] words = command.split(" ");
        return Stream.concat(Stream.of(words[0], pool.toString()), Arrays.stream(words).skip(1)).toArray(String[]::new);
    }
}
