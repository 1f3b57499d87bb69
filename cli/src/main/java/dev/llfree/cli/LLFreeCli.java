package dev.llfree.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * The {@code llfree} command line: {@code init}, {@code alloc}, {@code free}, {@code recover},
 * {@code inspect}, {@code verify}, {@code compact} and {@code bench}. Exit codes are {@link ExitCodes}': 0 success,
 * 1 failure, 2 usage error, 3 invalid pool, 4 pool in use, 5 out of frames, 6 repairable
 * ({@code verify}). Errors are reported as one line on stderr; {@code --verbose} adds the stack trace.
 *
 * <p>Thread safety: one instance per command line invocation.
 */
@Command(name = "llfree", mixinStandardHelpOptions = true, versionProvider = LLFreeCli.Version.class,
        description = "LLFree: a lock-free, optionally persistent page-frame allocator. Pool files hold its state:"
                + " create one with init, allocate and free frames in it, inspect and verify it (read-only),"
                + " recover it after a crash.",
        footer = {
            "%nExamples:",
            "  llfree init /dev/shm/pool --size 8G --durability pmem",
            "  llfree alloc /dev/shm/pool --order 9 --kind huge",
            "  llfree inspect /dev/shm/pool --map occupancy.png",
            "  llfree verify /dev/shm/pool",
            "  llfree recover /dev/shm/pool --trace",
            "  llfree bench"
        },
        subcommands = {InitCommand.class, AllocCommand.class, FreeCommand.class, RecoverCommand.class,
            InspectCommand.class, VerifyCommand.class, CompactCommand.class, BenchCommand.class})
public final class LLFreeCli implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print the stack trace of a failure.")
    private boolean verbose;

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        LibraryWarnings.install();
        System.exit(newCommandLine().execute(args));
    }

    /** A fresh {@code llfree} command line with its error reporting and exit codes installed. */
    public static CommandLine newCommandLine() {
        LLFreeCli cli = new LLFreeCli();
        ErrorReporter errors = new ErrorReporter(() -> cli.verbose);
        CommandLine commandLine = new CommandLine(cli)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors)
                .setExitCodeExceptionMapper(new ExitCodes());
        describeExitCodes(commandLine);
        return commandLine;
    }

    /** Adds the exit codes to the help of {@code command} and of its subcommands. */
    private static void describeExitCodes(CommandLine command) {
        command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.descriptions());
        command.getSubcommands().values().forEach(LLFreeCli::describeExitCodes);
    }

    /** Without a subcommand: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "missing subcommand (expected one of: " + String.join(", ", spec.subcommands().keySet()) + ")");
    }

    /** The version from the jar manifest, and the JVM it runs on. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LLFreeCli.class.getPackage().getImplementationVersion();
            return new String[] {
                "llfree " + (version == null ? "(development build)" : version),
                "JVM: " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
            };
        }
    }
}
