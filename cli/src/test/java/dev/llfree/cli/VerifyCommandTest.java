package dev.llfree.cli;

import dev.llfree.file.PoolLayout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llfree verify} end to end: clean, repairable and corrupt pools, with and without {@code --repair}. */
class VerifyCommandTest {
    @TempDir
    Path dir;
    private Path pool;

    @BeforeEach
    void createPool() throws IOException {
        pool = TestPools.create(dir);
    }

    @Test
    void shouldExitWithZeroOnACleanPool() throws IOException {
        byte[] before = TestPools.bytes(pool);

        String out = Cli.run("verify", pool.toString()).ok().out();

        assertTrue(out.startsWith(pool + ": clean"), out);
        assertTrue(out.contains("free frames       40440 counted from the bitfields, 40440 in the stored counters"), out);
        assertArrayEquals(before, TestPools.bytes(pool));
    }

    @Test
    void shouldExitWithSixOnStaleCountersAfterACrashAndChangeNothing() throws IOException {
        TestPools.leaveStaleCounter(pool);
        byte[] before = TestPools.bytes(pool);

        Cli cli = Cli.run("verify", pool.toString());

        assertEquals(6, cli.exit(), cli.err());
        assertEquals("", cli.err());
        assertTrue(cli.out().startsWith(pool + ": repairable"), cli.out());
        assertTrue(cli.out().contains("stale children    1 (as a crash leaves them: the next open recounts)"), cli.out());
        assertArrayEquals(before, TestPools.bytes(pool));
    }

    @Test
    void shouldRefuseCountersDamagedAfterACleanCloseAndRepairThemOnlyWhenCorruptionIsAccepted() throws IOException {
        TestPools.damageCounterAfterCleanClose(pool);
        byte[] before = TestPools.bytes(pool);
        Cli found = Cli.run("verify", pool.toString());
        assertEquals(3, found.exit(), found.err());
        assertTrue(found.out().contains("clean flag        set, but the metadata changed after the clean close"),
                found.out());
        Cli refused = Cli.run("verify", pool.toString(), "--repair");
        assertEquals(3, refused.exit(), refused.err());
        assertTrue(refused.err().contains("--accept-corruption rebuilds it"), refused.err());
        assertArrayEquals(before, TestPools.bytes(pool), "a refused repair changed the pool");

        String out = Cli.run("verify", pool.toString(), "--repair", "--accept-corruption").ok().out();

        assertTrue(out.startsWith(pool + ": corrupt"), out);
        assertTrue(out.contains("stale    child 1 "), out);
        assertTrue(out.contains("repaired: 1 counters recounted from the bitfields, 40440 free frames; now clean"), out);
        Cli.run("verify", pool.toString()).ok();
    }

    /**
     * The adversarial case of issue 13: a bit of an allocated frame flipped in a cleanly closed pool is media
     * corruption, not a crash: refused (exit 3) by verify and by every command that writes, with nothing written; a
     * repair that accepts the corruption names the child whose frames it cannot vouch for.
     */
    @Test
    void shouldRefuseAFlippedBitOfACleanPool() throws IOException {
        TestPools.flipBit(pool, PoolLayout.bitfieldOffset(), 0); // frame 0, allocated, now free
        byte[] before = TestPools.bytes(pool);

        Cli verify = Cli.run("verify", pool.toString());
        Cli alloc = Cli.run("alloc", pool.toString());

        assertEquals(3, verify.exit(), verify.err());
        assertTrue(verify.out().contains("media corruption"), verify.out());
        assertEquals(3, alloc.exit(), alloc.err());
        assertTrue(alloc.err().contains("media corruption: the metadata changed while the pool was closed"), alloc.err());
        assertArrayEquals(before, TestPools.bytes(pool));
        String repaired = Cli.run("verify", pool.toString(), "--repair", "--accept-corruption").ok().out();
        assertTrue(repaired.contains("child 0 (frames 0x0..)"), repaired);
    }

    @Test
    void shouldExitWithThreeOnACorruptPoolAndNeverRepairIt() throws IOException {
        TestPools.corruptHugeRow(pool);
        TestPools.corruptPairFlag(pool);
        byte[] before = TestPools.bytes(pool);

        Cli verify = Cli.run("verify", pool.toString());
        Cli repair = Cli.run("verify", pool.toString(), "--repair");

        assertEquals(3, verify.exit(), verify.err());
        assertTrue(verify.out().startsWith(pool + ": corrupt"), verify.out());
        assertTrue(verify.out().contains("corrupt children  2"), verify.out());
        assertTrue(verify.out().contains("corrupt  child 20: pair flag without huge flag"), verify.out());
        assertEquals(3, repair.exit(), repair.err());
        assertEquals("llfree verify: pool " + pool + " is corrupt: not repaired, nothing was changed"
                + System.lineSeparator(), repair.err());
        assertArrayEquals(before, TestPools.bytes(pool));
    }

    @Test
    void shouldPrintJsonWithTheVerdictAndEveryProblem() throws IOException {
        TestPools.leaveStaleCounter(pool);

        Cli cli = Cli.run("verify", pool.toString(), "--repair", "--json");

        assertEquals(0, cli.exit(), cli.err());
        JsonNode json = new ObjectMapper().readTree(cli.out());
        assertEquals("clean", json.get("verdict").asText());
        assertEquals(false, json.get("closedCleanly").asBoolean());
        assertEquals("repairable", json.get("found").get("verdict").asText());
        assertEquals("stale", json.get("found").get("problems").get(0).get("severity").asText());
        assertEquals(1, json.get("repaired").get("countersRepaired").asLong());
    }
}
