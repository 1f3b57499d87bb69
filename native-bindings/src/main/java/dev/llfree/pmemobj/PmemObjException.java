package dev.llfree.pmemobj;

import java.io.IOException;

/** A libpmemobj call failed, or libpmemobj cannot be loaded. The message carries {@code pmemobj_errormsg()}. */
public final class PmemObjException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure described by {@code message}.
     *
     * @param message what failed, with {@code pmemobj_errormsg()} where libpmemobj gave one
     */
    public PmemObjException(String message) {
        super(message);
    }
}
