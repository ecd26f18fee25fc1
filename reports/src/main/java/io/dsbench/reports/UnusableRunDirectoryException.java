package io.dsbench.reports;

/** The results directory itself cannot be used (missing, not a directory, unreadable, or not a run). One line. */
public final class UnusableRunDirectoryException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnusableRunDirectoryException(String message) {
        super(message);
    }
}
