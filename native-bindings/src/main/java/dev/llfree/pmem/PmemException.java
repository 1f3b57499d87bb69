package dev.llfree.pmem;

import java.io.IOException;

/** A libpmem call failed, or libpmem cannot be loaded. The message carries {@code pmem_errormsg()}. */
public final class PmemException extends IOException {
    private static final long serialVersionUID = 1L;

    public PmemException(String message) {
        super(message);
    }

    public PmemException(String message, Throwable cause) {
        super(message, cause);
    }
}
