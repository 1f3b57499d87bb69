package dev.llfree.cli;

import dev.llfree.Durability;
import dev.llfree.FrameAllocator;
import dev.llfree.file.PoolHeader;
import dev.llfree.inspect.PoolInspection;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * {@code llfree inspect} for people: header and geometry, durability, clean flag, consistency,
 * occupancy, trees, free space per order (Linux's indices) and the ideal compaction.
 *
 * <p>Thread safety: stateless.
 */
final class InspectionText {
    private InspectionText() { }

    /**
     * Prints the inspection; {@code live}: of a pool in use (the clean flag and the consistency of a moving snapshot
     * say nothing, so a note replaces them).
     */
    static void print(PrintWriter out, PoolInspection p, boolean live) {
        PoolHeader h = p.header();
        long frames = h.frames();
        long children = (frames + p.childFrames() - 1) / p.childFrames();
        out.printf("pool          %s%n", p.path());
        out.printf("format        version %d, creation id 0x%016x%n", h.version(), h.creationId());
        out.printf("geometry      %s: %d frames of 4 KiB, %d children of %s (huge frames), %d %s of %s%n",
                Sizes.ofFrames(frames), frames, children, Sizes.ofFrames(p.childFrames()), p.trees().size(),
                p.trees().size() == 1 ? "tree" : "trees", Sizes.ofFrames(p.treeFrames()));
        out.printf("file          %s, %s%n", Sizes.of(p.fileBytes()),
                h.hasData() ? "frames stored in the file (data area of " + Sizes.of(h.dataBytes()) + ")" : "metadata only");
        out.printf("durability    %s%n", h.durability() == Durability.AUTO
                ? "not recorded (a version-2 file): chosen at each open; auto here: " + autoDurability(p)
                : h.durability().label() + ", chosen at create: every open that names none uses it");
        if (live) {
            out.printf("live view     read without the pool's lock while a process may use it: every word is one its owner"
                    + " wrote, the figures move as it works; clean flag and consistency are not judged%n");
        } else {
            out.printf("clean flag    %s%n", ConsistencyText.cleanFlag(p.cleanFlag(), p.closedCleanly(),
                    p.consistency().changedWhileClosed()));
            out.printf("consistency   %s%n", ConsistencyText.verdict(p.consistency().verdict()));
            ConsistencyText.print(out, p.consistency(), p.closedCleanly());
        }
        occupancy(out, p, frames);
        trees(out, p.trees());
        freeSpace(out, p);
        compaction(out, p.idealCompaction(), p.freeHugeFrames());
    }

    private static String autoDurability(PoolInspection p) {
        if (!p.libpmem()) {
            return "mapped (libpmem is not installed)";
        }
        return p.autoFlush() ? "eadr (the platform flushes caches on power loss)"
                : "pmem on a DAX file, else mapped (libpmem installed, no eADR)";
    }

    private static void occupancy(PrintWriter out, PoolInspection p, long frames) {
        long allocated = frames - p.freeFrames();
        long inHuge = p.hugeFrames() * p.childFrames();
        long inGiant = p.giantFrames() * FrameAllocator.GIANT_FRAMES;
        out.printf("%noccupancy%n");
        out.printf("  free frames       %d of %d (%s, %s)%n", p.freeFrames(), frames, Sizes.ofFrames(p.freeFrames()),
                percent(p.freeFrames(), frames));
        out.printf("  free huge frames  %d of %d (wholly free 2 MiB children)%n", p.freeHugeFrames(),
                frames / p.childFrames());
        String giant = p.giantFrames() == 0 ? "" : String.format(", %d in %d giant (1 GiB) %s", inGiant, p.giantFrames(),
                p.giantFrames() == 1 ? "frame" : "frames");
        out.printf("  allocated         %d frames: %d in %d huge %s%s, %d in smaller runs%n", allocated, inHuge,
                p.hugeFrames(), p.hugeFrames() == 1 ? "frame" : "frames", giant, allocated - inHuge - inGiant);
        out.printf("  by kind           used 2 MiB children, frames allocated and free in them (free children serve any kind)%n");
        for (PoolInspection.KindShare k : p.kinds()) {
            if (k.children() > 0) {
                out.printf("    %-8s        %d %s, %d frames allocated, %d free%n", k.name(), k.children(),
                        k.children() == 1 ? "child" : "children", k.allocatedFrames(), k.freeFrames());
            }
        }
    }

    /** One line per tree; consecutive trees with the same occupancy (wholly free, wholly used) share one. */
    private static void trees(PrintWriter out, List<PoolInspection.Tree> trees) {
        out.printf("%ntrees           used   free frames  free huge  huge%n");
        for (int i = 0; i < trees.size(); i++) {
            PoolInspection.Tree t = trees.get(i);
            int last = i;
            while (last + 1 < trees.size() && sameOccupancy(t, trees.get(last + 1))) {
                last++;
            }
            String name = last == i ? Long.toString(t.index()) : t.index() + ".." + trees.get(last).index();
            out.printf("  %-12s %6s  %11d  %9d  %4d%s%n", name, percent(t.frames() - t.freeFrames(), t.frames()),
                    t.freeFrames(), t.freeHugeFrames(), t.hugeFrames(), last == i ? "" : "  each");
            i = last;
        }
    }

    private static boolean sameOccupancy(PoolInspection.Tree a, PoolInspection.Tree b) {
        return a.frames() == b.frames() && a.freeFrames() == b.freeFrames() && a.freeHugeFrames() == b.freeHugeFrames()
                && a.hugeFrames() == b.hugeFrames();
    }

    private static void freeSpace(PrintWriter out, PoolInspection p) {
        out.printf("%nfree space      as a buddy allocator would list it; Linux's indices (extfrag debugfs)%n");
        out.printf("  order  size     free blocks  unusable  extfrag%n");
        for (PoolInspection.Order o : p.orders()) {
            out.printf(Locale.ROOT, "  %5d  %-7s  %11d  %8.3f  %7.3f%n", o.order(), Sizes.ofFrames(1L << o.order()), o.freeBlocks(),
                    o.unusableFreeIndex(), o.fragmentationIndex());
        }
        out.printf("  largest free run   %d frames (%s)%s%n", p.largestFreeRun(), Sizes.ofFrames(p.largestFreeRun()),
                p.largestFreeOrder() < 0 ? "" : "; largest free block: order " + p.largestFreeOrder() + " ("
                        + Sizes.ofFrames(1L << p.largestFreeOrder()) + ")");
        out.printf("  unusable: share of free frames in blocks too small for the order (0 none .. 1 all)%n");
        out.printf("  extfrag: -1 a block is free; else 0 out of memory .. 1 out of contiguous memory%n");
    }

    private static void compaction(PrintWriter out, PoolInspection.Compaction c, long freeHuge) {
        out.printf("%nideal compaction  (a lower bound, every frame assumed movable)%n");
        if (c.hugeFramesGained() == 0) {
            out.printf("  no partly used 2 MiB child can be emptied into the others%n");
            return;
        }
        out.printf(Locale.ROOT, "  %d more free huge frames (%d in all) by moving at least %d frames (%.1f per huge frame)%n",
                c.hugeFramesGained(), freeHuge + c.hugeFramesGained(), c.framesMoved(),
                (double) c.framesMoved() / c.hugeFramesGained());
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.1f%%", whole == 0 ? 0 : 100.0 * part / whole);
    }
}
