package io.vigil.gateway.tsdb;

/** A failed write; {@link #retryable()} says whether sending the same batch again may succeed. */
public final class TsdbWriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;
    private final long retryAfterMillis;

    public TsdbWriteException(String message, boolean retryable, long retryAfterMillis, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfterMillis = retryAfterMillis;
    }

    public boolean retryable() {
        return retryable;
    }

    /** What the server asked us to wait (Retry-After), or 0. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
