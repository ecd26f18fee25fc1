package io.dsbench.etcd;

import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.BackendProvider;
import io.dsbench.spi.Capability;

import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code etcd} backend over jetcd: every primitive on etcd's own mechanisms (transactions on revisions,
 * leases, watches). See {@link EtcdBackend} for modes, options and guarantees.
 */
public final class EtcdBackendProvider implements BackendProvider {
    /** The backend's name on the command line. */
    public static final String NAME = "etcd";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "etcd over jetcd (leases, revisions, transactions, watches); managed mode starts etcd from PATH "
                + "or $" + EtcdCluster.ENV_BINARY + " (apt-get install -y etcd-server), option members=1|3|5";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.LINEARIZABLE_KV, Capability.LINEARIZABLE_LOCKS,
                Capability.LINEARIZABLE_IDEMPOTENCY, Capability.WATCH, Capability.DURABLE,
                Capability.SERVER_SIDE_EXPIRY, Capability.FAULTS);
    }

    @Override
    public Backend open(BackendConfig config) {
        return EtcdBackend.open(config);
    }
}
