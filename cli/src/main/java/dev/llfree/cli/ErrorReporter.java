package dev.llfree.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.function.BooleanSupplier;

/**
 * Reports errors as one line on stderr, prefixed with the command's name: usage errors with a pointer
 * to {@code --help} (exit code 2), failures with their message and the exit code {@link ExitCodes} maps
 * them to and, when verbose, their stack trace.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
    private final BooleanSupplier verbose;

    ErrorReporter(BooleanSupplier verbose) {
        this.verbose = verbose;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
        if (verbose.getAsBoolean()) {
            e.printStackTrace(cmd.getErr());
        }
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + describe(e));
        if (verbose.getAsBoolean()) {
            e.printStackTrace(cmd.getErr());
        }
        CommandLine.IExitCodeExceptionMapper codes = cmd.getExitCodeExceptionMapper();
        return codes != null ? codes.getExitCode(e) : cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    /** The message of {@code e}, made whole where the JDK gives only a file name. */
    private static String describe(Exception e) {
        if (e instanceof FileSystemException f && f.getReason() == null) {
            String problem = switch (f) {
                case NoSuchFileException _ -> "no such file";
                case FileAlreadyExistsException _ -> "already exists";
                case AccessDeniedException _ -> "permission denied";
                default -> f.getClass().getSimpleName();
            };
            return f.getFile() + ": " + problem;
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
