package dev.llfree.pmem;

import java.io.IOException;

/** A libpmem call failed, or libpmem cannot be loaded. The message carries {@code pmem_errormsg()}. */
public final class PmemException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure described by {@code message}.
     *
     * @param message what failed, with {@code pmem_errormsg()} where libpmem gave one
     */
    public PmemException(String message) {
        super(message);
    }

    /**
     * A failure described by {@code message}, caused by {@code cause}.
     *
     * @param message what failed
     * @param cause the underlying failure
     */
    public PmemException(String message, Throwable cause) {
        super(message, cause);
    }
}
