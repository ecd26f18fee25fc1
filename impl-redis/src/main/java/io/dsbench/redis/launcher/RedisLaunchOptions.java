package io.dsbench.redis.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link RedisLauncher} starts. Immutable; built with {@link #builder()}; validated eagerly with
 * {@link IllegalArgumentException}s naming the field.
 *
 * <p>Defaults: {@link Topology#STANDALONE}, no persistence ({@code --save "" --appendonly no}), no password,
 * start timeout 15 s, stop timeout 5 s, a fresh temp directory deleted on close, Sentinel master name
 * {@code mymaster}, Sentinel {@code down-after-milliseconds} 1000 and {@code failover-timeout} 5000.
 */
public final class RedisLaunchOptions {
    /** The server layout. */
    public enum Topology {
        /** One primary. */
        STANDALONE,
        /** One primary and two replicas (asynchronous replication, no automatic failover). */
        REPLICATED,
        /** One primary, two replicas and three Sentinels (quorum 2) that fail over automatically. */
        SENTINEL
    }

    /** How the servers persist data. */
    public enum Durability {
        /** {@code save ""} and {@code appendonly no}: data lives only in memory. */
        NONE,
        /** {@code appendonly yes} with {@code appendfsync always}: every write is fsynced before the reply. */
        AOF_ALWAYS
    }

    private final Topology topology;
    private final Durability durability;
    private final String password;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private final Path dataDir;
    private final List<String> extraConfig;
    private final String masterName;
    private final Duration sentinelDownAfter;
    private final Duration sentinelFailoverTimeout;
    private final Path binary;

    private RedisLaunchOptions(Builder b) {
        this.topology = Objects.requireNonNull(b.topology, "topology");
        this.durability = Objects.requireNonNull(b.durability, "durability");
        if (b.password != null && (b.password.isEmpty() || b.password.chars().anyMatch(c -> c <= ' '))) {
            throw new IllegalArgumentException("password must be non-empty and contain no whitespace or control characters");
        }
        this.password = b.password;
        this.startTimeout = positive("startTimeout", b.startTimeout);
        this.stopTimeout = positive("stopTimeout", b.stopTimeout);
        this.dataDir = b.dataDir;
        for (String line : b.extraConfig) {
            if (line == null || line.contains("\n") || line.contains("\r")) {
                throw new IllegalArgumentException("extraConfig line must be one non-null line: '" + line + "'");
            }
        }
        this.extraConfig = List.copyOf(b.extraConfig);
        if (b.masterName == null || !b.masterName.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("masterName = '" + b.masterName + "' must match [A-Za-z0-9._-]+");
        }
        this.masterName = b.masterName;
        this.sentinelDownAfter = positive("sentinelDownAfter", b.sentinelDownAfter);
        this.sentinelFailoverTimeout = positive("sentinelFailoverTimeout", b.sentinelFailoverTimeout);
        this.binary = b.binary;
    }

    private static Duration positive(String field, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(field + " = " + d + " is out of range (legal range: > 0)");
        }
        return d;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: one standalone in-memory server. */
    public static RedisLaunchOptions standalone() {
        return builder().build();
    }

    public Topology topology() {
        return topology;
    }

    public Durability durability() {
        return durability;
    }

    /** The {@code requirepass} of every server (and of the Sentinels' view of them); never logged. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    public Duration startTimeout() {
        return startTimeout;
    }

    public Duration stopTimeout() {
        return stopTimeout;
    }

    /** A directory to run in and keep after close (so a later launch finds the data); empty = temp dir, deleted. */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /** Extra {@code redis.conf} lines for the data servers (not the Sentinels). */
    public List<String> extraConfig() {
        return extraConfig;
    }

    public String masterName() {
        return masterName;
    }

    public Duration sentinelDownAfter() {
        return sentinelDownAfter;
    }

    public Duration sentinelFailoverTimeout() {
        return sentinelFailoverTimeout;
    }

    /** An explicit binary; empty = {@link RedisLauncher#findBinary()}. */
    public Optional<Path> binary() {
        return Optional.ofNullable(binary);
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.topology = topology;
        b.durability = durability;
        b.password = password;
        b.startTimeout = startTimeout;
        b.stopTimeout = stopTimeout;
        b.dataDir = dataDir;
        b.extraConfig.addAll(extraConfig);
        b.masterName = masterName;
        b.sentinelDownAfter = sentinelDownAfter;
        b.sentinelFailoverTimeout = sentinelFailoverTimeout;
        b.binary = binary;
        return b;
    }

    @Override
    public String toString() {
        return "RedisLaunchOptions[topology=" + topology + ", durability=" + durability
                + (password != null ? ", password=***" : "") + (dataDir != null ? ", dataDir=" + dataDir : "") + "]";
    }

    /** Builder; not thread-safe. */
    public static final class Builder {
        private Topology topology = Topology.STANDALONE;
        private Durability durability = Durability.NONE;
        private String password;
        private Duration startTimeout = Duration.ofSeconds(15);
        private Duration stopTimeout = Duration.ofSeconds(5);
        private Path dataDir;
        private final List<String> extraConfig = new ArrayList<>();
        private String masterName = "mymaster";
        private Duration sentinelDownAfter = Duration.ofMillis(1000);
        private Duration sentinelFailoverTimeout = Duration.ofMillis(5000);
        private Path binary;

        private Builder() {
        }

        public Builder topology(Topology topology) {
            this.topology = topology;
            return this;
        }

        public Builder durability(Durability durability) {
            this.durability = durability;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder startTimeout(Duration d) {
            this.startTimeout = d;
            return this;
        }

        public Builder stopTimeout(Duration d) {
            this.stopTimeout = d;
            return this;
        }

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder extraConfig(String line) {
            this.extraConfig.add(line);
            return this;
        }

        public Builder masterName(String name) {
            this.masterName = name;
            return this;
        }

        public Builder sentinelDownAfter(Duration d) {
            this.sentinelDownAfter = d;
            return this;
        }

        public Builder sentinelFailoverTimeout(Duration d) {
            this.sentinelFailoverTimeout = d;
            return this;
        }

        public Builder binary(Path binary) {
            this.binary = binary;
            return this;
        }

        public RedisLaunchOptions build() {
            return new RedisLaunchOptions(this);
        }
    }
}
