package dev.llfree.cli;

import dev.llfree.InvalidPoolException;
import dev.llfree.OutOfFramesException;
import dev.llfree.PoolInUseException;
import dev.llfree.TraceException;

import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParameterException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of every {@code llfree} command, and the mapping of failures to them.
 *
 * <p>Thread safety: stateless.
 */
final class ExitCodes implements IExitCodeExceptionMapper {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int INVALID_POOL = 3;
    static final int POOL_IN_USE = 4;
    static final int OUT_OF_FRAMES = 5;
    /** {@code verify} only: the pool has stale counters, which recovery mends. */
    static final int REPAIRABLE = 6;

    /** The codes with their meaning, for every command's help. */
    static Map<String, String> descriptions() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(Integer.toString(OK), "success (verify: the pool is clean)");
        codes.put(Integer.toString(FAILURE), "failure (I/O error, double free, file exists, ...)");
        codes.put(Integer.toString(USAGE), "usage error (bad option, argument or frame number)");
        codes.put(Integer.toString(INVALID_POOL), "invalid pool (not a pool, bad header, corrupt metadata, bad --trace structure)");
        codes.put(Integer.toString(POOL_IN_USE), "pool in use (another process has it open)");
        codes.put(Integer.toString(OUT_OF_FRAMES), "out of frames (alloc)");
        codes.put(Integer.toString(REPAIRABLE), "verify: stale counters only (repairable)");
        return codes;
    }

    @Override
    public int getExitCode(Throwable failure) {
        return switch (failure) {
            case ParameterException _ -> USAGE;
            case InvalidPoolException _ -> INVALID_POOL;
            case TraceException _ -> INVALID_POOL;
            case PoolInUseException _ -> POOL_IN_USE;
            case OutOfFramesException _ -> OUT_OF_FRAMES;
            default -> FAILURE;
        };
    }
}
