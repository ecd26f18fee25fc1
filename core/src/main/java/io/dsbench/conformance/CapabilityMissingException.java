package io.dsbench.conformance;

import org.opentest4j.TestAbortedException;

/**
 * Thrown before a rule whose {@link ConformanceRule#requires() capabilities} the backend does not declare: the
 * only way a kit rule is <em>skipped</em>. Any other abort (a failed assumption, an interrupted rule) is an
 * error, not a skip, so that an aborted rule can never pass a run silently.
 */
public final class CapabilityMissingException extends TestAbortedException {
    private static final long serialVersionUID = 1L;

    public CapabilityMissingException(String message) {
        super(message);
    }
}
