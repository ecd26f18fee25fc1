package io.dsbench.spec.registry;

import io.dsbench.spec.Checks;
import java.util.Map;

/**
 * One instance of a service, as registered.
 *
 * @param service  the service name (non-empty)
 * @param id       the instance id, unique within the service (non-empty)
 * @param host     host name or address (non-empty)
 * @param port     0..65535
 * @param metadata free-form string pairs (copied; never null)
 */
public record ServiceInstance(String service, String id, String host, int port, Map<String, String> metadata) {
    public ServiceInstance {
        Checks.requireKey("service", service);
        Checks.requireKey("id", id);
        Checks.requireKey("host", host);
        Checks.requireRange("port", port, 0, 65535);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** An instance without metadata. */
    public static ServiceInstance of(String service, String id, String host, int port) {
        return new ServiceInstance(service, id, host, port, Map.of());
    }

    /** {@code host:port}. */
    public String address() {
        return host + ":" + port;
    }
}
