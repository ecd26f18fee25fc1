package io.dsbench.spi;

import io.dsbench.spec.Checks;
import io.dsbench.spec.Ticker;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * How to open a backend: <b>managed</b> (no endpoints: the backend starts and stops its own servers) or
 * <b>external</b> (endpoints given), plus credentials, timeouts, a key prefix that isolates runs sharing
 * a server, backend-specific options and the clock for in-process expiry.
 *
 * <p>Immutable; built with {@link #builder(String)}, validated eagerly. {@link #toString()} never shows
 * the password or a password embedded in an endpoint URI.
 */
public final class BackendConfig {
    private final String backend;
    private final List<String> endpoints;
    private final Optional<String> username;
    private final Optional<String> password;
    private final Duration operationTimeout;
    private final Duration connectTimeout;
    private final String keyPrefix;
    private final Map<String, String> options;
    private final Ticker ticker;

    private BackendConfig(Builder b) {
        this.backend = Checks.requireKey("backend", b.backend);
        this.endpoints = List.copyOf(b.endpoints);
        for (int i = 0; i < endpoints.size(); i++) {
            String e = endpoints.get(i);
            if (e == null || e.isBlank()) {
                throw new IllegalArgumentException("endpoints[" + i + "] must not be empty");
            }
            try {
                URI uri = new URI(e.trim());
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException("endpoints[" + i + "] = '" + redact(e)
                            + "' is not a URI of the form scheme://host:port");
                }
            } catch (java.net.URISyntaxException ex) {
                throw new IllegalArgumentException("endpoints[" + i + "] = '" + redact(e) + "' is not a valid URI: "
                        + ex.getReason(), ex);
            }
        }
        this.username = Optional.ofNullable(b.username);
        this.password = Optional.ofNullable(b.password);
        this.operationTimeout = Checks.requirePositive("operationTimeout", b.operationTimeout);
        this.connectTimeout = Checks.requirePositive("connectTimeout", b.connectTimeout);
        this.keyPrefix = Checks.requireKey("keyPrefix", b.keyPrefix);
        this.options = Map.copyOf(b.options);
        this.ticker = Objects.requireNonNull(b.ticker, "ticker");
    }

    /** A builder for the backend named {@code backend}. */
    public static Builder builder(String backend) {
        return new Builder(backend);
    }

    /** A managed backend with defaults. */
    public static BackendConfig managed(String backend) {
        return builder(backend).build();
    }

    public String backend() {
        return backend;
    }

    /** Endpoint URIs; empty means managed. */
    public List<String> endpoints() {
        return endpoints;
    }

    /** True when the backend starts its own servers. */
    public boolean managed() {
        return endpoints.isEmpty();
    }

    public Optional<String> username() {
        return username;
    }

    /** The password; never log it. */
    public Optional<String> password() {
        return password;
    }

    /** Upper bound for one operation, after which it fails with a TIMEOUT {@code BackendException}. Default 5 s. */
    public Duration operationTimeout() {
        return operationTimeout;
    }

    /** Upper bound for connecting. Default 5 s. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Prefix for every key the backend writes. Default {@code dsbench/<random>}, unique per config. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** Backend-specific options (documented by each backend). */
    public Map<String, String> options() {
        return options;
    }

    /** An option, if set. */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** Clock for expiry computed in-process. */
    public Ticker ticker() {
        return ticker;
    }

    /** A builder preset with this config. */
    public Builder toBuilder() {
        Builder b = new Builder(backend);
        b.endpoints.addAll(endpoints);
        b.username = username.orElse(null);
        b.password = password.orElse(null);
        b.operationTimeout = operationTimeout;
        b.connectTimeout = connectTimeout;
        b.keyPrefix = keyPrefix;
        b.options.putAll(options);
        b.ticker = ticker;
        return b;
    }

    /** Replaces the user-info password of a URI with {@code ***}. */
    public static String redact(String uri) {
        if (uri == null) {
            return null;
        }
        return uri.replaceAll("(?<=://)([^:@/]*):([^@/]*)@", "$1:***@").replaceAll("(?<=://)([^:@/]+)@", "***@");
    }

    @Override
    public String toString() {
        List<String> shown = new ArrayList<>();
        for (String e : endpoints) {
            shown.add(redact(e));
        }
        return "BackendConfig[backend=" + backend + ", " + (managed() ? "managed" : "endpoints=" + shown)
                + username.map(u -> ", user=" + u).orElse("") + password.map(p -> ", password=***").orElse("")
                + ", operationTimeout=" + operationTimeout + ", keyPrefix=" + keyPrefix + ", options=" + options + "]";
    }

    /** Builder for {@link BackendConfig}. Not thread-safe. */
    public static final class Builder {
        private final String backend;
        private final List<String> endpoints = new ArrayList<>();
        private String username;
        private String password;
        private Duration operationTimeout = Duration.ofSeconds(5);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private String keyPrefix = "dsbench/" + UUID.randomUUID().toString().substring(0, 8);
        private final Map<String, String> options = new LinkedHashMap<>();
        private Ticker ticker = Ticker.system();

        private Builder(String backend) {
            this.backend = backend;
        }

        public Builder endpoint(String uri) {
            endpoints.add(uri);
            return this;
        }

        public Builder endpoints(List<String> uris) {
            endpoints.addAll(uris);
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder operationTimeout(Duration timeout) {
            this.operationTimeout = timeout;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder keyPrefix(String prefix) {
            this.keyPrefix = prefix;
            return this;
        }

        public Builder option(String name, String value) {
            options.put(Checks.requireKey("option name", name), Checks.requireNonNull("option " + name, value));
            return this;
        }

        public Builder ticker(Ticker ticker) {
            this.ticker = ticker;
            return this;
        }

        /** Validates and builds; throws {@link IllegalArgumentException} naming the bad field. */
        public BackendConfig build() {
            return new BackendConfig(this);
        }
    }
}
