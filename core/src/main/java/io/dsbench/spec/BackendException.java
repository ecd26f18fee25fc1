package io.dsbench.spec;

/**
 * A backend could not complete an operation: the server is unreachable, timed out, refused the
 * credentials, or answered with an error.
 *
 * <p>{@link #mayHaveTakenEffect()} matters to anyone recording histories: a mutation that failed
 * <em>indeterminately</em> (a timeout, a connection lost after the request was sent) must be recorded
 * as {@code info} (it may or may not have happened), never as {@code fail}. Messages name the endpoint
 * (host:port) but never credentials.
 */
public class BackendException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, coarsely. */
    public enum Kind {
        /**
         * The server could not be reached: the request was not sent, or the connection was lost after sending
         * it (then {@link BackendException#mayHaveTakenEffect()} is true for mutations).
         */
        UNAVAILABLE,
        /** No answer within the configured timeout; the request may have been applied. */
        TIMEOUT,
        /** Authentication or authorisation failed. */
        AUTH,
        /** The server answered with an error, or the client failed in an unexpected way. */
        ERROR
    }

    private final Kind kind;
    private final boolean mayHaveTakenEffect;

    public BackendException(Kind kind, boolean mayHaveTakenEffect, String message, Throwable cause) {
        super(message, cause);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
        this.mayHaveTakenEffect = mayHaveTakenEffect;
    }

    public BackendException(Kind kind, boolean mayHaveTakenEffect, String message) {
        this(kind, mayHaveTakenEffect, message, null);
    }

    /** The coarse reason. */
    public Kind kind() {
        return kind;
    }

    /** True when the operation may have been applied although no success was seen (e.g. a timeout). */
    public boolean mayHaveTakenEffect() {
        return mayHaveTakenEffect;
    }
}
