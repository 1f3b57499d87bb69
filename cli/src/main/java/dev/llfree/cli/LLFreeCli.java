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
 * The {@code llfree} command line. Exit codes: 0 success, 1 failure, 2 usage error. Errors are reported
 * as one line on stderr; {@code --verbose} adds the stack trace.
 *
 * <p>Thread safety: one instance per command line invocation.
 */
@Command(name = "llfree", mixinStandardHelpOptions = true, versionProvider = LLFreeCli.Version.class,
        description = "LLFree: a lock-free page-frame allocator.",
        subcommands = BenchCommand.class)
public final class LLFreeCli implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print the stack trace of a failure.")
    private boolean verbose;

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** A fresh {@code llfree} command line with its error reporting installed. */
    public static CommandLine newCommandLine() {
        LLFreeCli cli = new LLFreeCli();
        ErrorReporter errors = new ErrorReporter(() -> cli.verbose);
        return new CommandLine(cli)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
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
