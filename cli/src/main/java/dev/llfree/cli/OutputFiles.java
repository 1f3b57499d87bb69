package dev.llfree.cli;

import java.nio.file.Path;

/**
 * Names of the extra files a command writes next to one the user named: {@code out.csv} gives
 * {@code out-frag.csv}, {@code plot.png} gives {@code plot-frag.png}, {@code out} gives {@code out-frag}.
 *
 * <p>Thread safety: stateless.
 */
final class OutputFiles {
    private OutputFiles() { }

    /** {@code file} with {@code -suffix} inserted before its extension. */
    static Path sibling(Path file, String suffix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String sibling = dot > 0 ? name.substring(0, dot) + "-" + suffix + name.substring(dot) : name + "-" + suffix;
        return file.resolveSibling(sibling);
    }
}
