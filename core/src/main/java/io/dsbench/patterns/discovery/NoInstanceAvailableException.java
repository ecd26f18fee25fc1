package io.dsbench.patterns.discovery;

/**
 * Discovery found no healthy instance of a service. The message reads
 * {@code "no instance available for <service>"} plus why (none registered, all expired or deregistered).
 */
public class NoInstanceAvailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String service;

    public NoInstanceAvailableException(String service, String detail) {
        super("no instance available for " + service + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
        this.service = service;
    }

    /** The service that had no instance. */
    public String service() {
        return service;
    }
}
