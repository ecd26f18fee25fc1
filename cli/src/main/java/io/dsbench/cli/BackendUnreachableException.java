package io.dsbench.cli;

/**
 * Thrown before a rule (or a kit class) once {@link RunGuard} has found the backend unreachable: the rule is an
 * ERROR saying which endpoint stopped answering, and takes no time.
 */
public final class BackendUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendUnreachableException(String message) {
        super(message, null, false, false);
    }
}
