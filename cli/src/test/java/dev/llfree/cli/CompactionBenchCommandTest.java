package dev.llfree.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llfree bench compaction} end to end, on a small memory. */
class CompactionBenchCommandTest {
    @Test
    void shouldWriteOneRowPerStrategyAndPinnedShare(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("compaction.csv");
        Path png = dir.resolve("compaction.png");

        Cli cli = Cli.run("bench", "compaction", "--memory", "256M", "--rounds", "3", "--pinned", "0,5", "-o", csv.toString(),
                "--plot", png.toString());

        assertEquals(0, cli.exit(), cli.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("strategy,pinned_percent,churn_rounds,huge_cleared,frames_moved,lower_bound_moves,refused,wall_ms",
                lines.getFirst());
        assertEquals(7, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(2).startsWith("sparsest-first,0,3,"), lines.get(2));
        String[] sparsest = lines.get(2).split(",");
        assertEquals(sparsest[5], sparsest[4], "sparsest-first moves exactly the lower bound without pins");
        assertTrue(cli.out().contains("0% pinned: linux "), cli.out());
        BufferedImage chart = ImageIO.read(png.toFile());
        assertEquals(2 * 720, chart.getWidth(), "two charts side by side");
    }

    @Test
    void shouldRefuseAnUnknownStrategy() {
        Cli.run("bench", "compaction", "--strategy", "buddy").fails(2,
                "llfree bench compaction: strategy: 'buddy' (expected one of: linux, sparsest-first, tree-local)");
    }
}
