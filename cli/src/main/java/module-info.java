/**
 * The {@code llfree} command line: pool files ({@code init}, {@code alloc}, {@code free}, {@code recover},
 * {@code inspect}, {@code verify}, {@code compact}) and the benchmarks ({@code bench}). The fat jar
 * {@code llfree.jar} runs it on the class path.
 */
module dev.llfree.cli {
    requires dev.llfree;
    requires dev.llfree.bench;
    requires dev.llfree.pmem;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires me.tongfei.progressbar;
    requires java.desktop;
    requires java.logging;

    opens dev.llfree.cli to info.picocli, com.fasterxml.jackson.databind;
}
