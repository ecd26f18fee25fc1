package io.dsbench.patterns.multileader;

import io.dsbench.spec.Checks;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spi.Backend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Where the leaders live and how replication behaves.
 *
 * @param name           names the cluster in thread names and messages
 * @param sites          one per leader: its state and its outgoing replication log (leader {@code i} is
 *                       {@code sites.get(i)}); at least 2
 * @param delay          how long a record waits in its leader's log before it may be shipped (the replication lag
 *                       of a wide-area link); zero ships at once
 * @param physicalMillis the physical clock of the leaders' hybrid logical clocks (injectable for clock-skew tests)
 */
public record ReplicationConfig(String name, List<Site> sites, Duration delay, LongSupplier physicalMillis) {
    /** Largest number of leaders. */
    public static final int MAX_LEADERS = 64;

    /**
     * One leader's storage: its state (a key-value store holding the encoded state of each key) and its outgoing
     * replication log. Different leaders may live on different backends (e.g. two Redis servers for two regions).
     */
    public record Site(KeyValueStore state, DurableLog log) {
        public Site {
            Checks.requireNonNull("state", state);
            Checks.requireNonNull("log", log);
        }
    }

    public ReplicationConfig {
        Checks.requireKey("name", name);
        Checks.requireNonNull("sites", sites);
        Checks.requireRange("leaders (sites.size())", sites.size(), 2, MAX_LEADERS);
        sites = List.copyOf(sites);
        Checks.requireNonNull("delay", delay);
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay = " + delay + " is negative (legal: >= 0)");
        }
        Checks.requireNonNull("physicalMillis", physicalMillis);
    }

    /**
     * {@code leaders} leaders on one backend: leader {@code i} is the namespace and log
     * {@code multileader/NAME/leader-i}; no delay, the system clock.
     */
    public static ReplicationConfig overNamespaces(Backend backend, String name, int leaders) {
        Checks.requireNonNull("backend", backend);
        Checks.requireKey("name", name);
        Checks.requireRange("leaders", leaders, 2, MAX_LEADERS);
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < leaders; i++) {
            String ns = "multileader/" + name + "/leader-" + i;
            sites.add(new Site(backend.keyValue(ns), backend.log(ns)));
        }
        return new ReplicationConfig(name, sites, Duration.ZERO, System::currentTimeMillis);
    }

    /** This configuration with a replication delay. */
    public ReplicationConfig withDelay(Duration d) {
        return new ReplicationConfig(name, sites, d, physicalMillis);
    }

    /** This configuration with another physical clock for the leaders' hybrid logical clocks. */
    public ReplicationConfig withClock(LongSupplier millis) {
        return new ReplicationConfig(name, sites, delay, millis);
    }

    /** The number of leaders. */
    public int leaders() {
        return sites.size();
    }
}
