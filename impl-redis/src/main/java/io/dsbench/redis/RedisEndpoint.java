package io.dsbench.redis;

import io.dsbench.spi.BackendConfig;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where and how to connect: parsed from a {@link BackendConfig}'s endpoints, credentials and options, or made
 * for a managed server. Never holds a URI string with the password in it; {@link #toString()} and
 * {@link #address()} show hosts and ports only.
 *
 * <p>Accepted endpoints: one {@code redis://[user[:password]@]host:port[/db]} or
 * {@code rediss://...} (TLS), or one or more {@code redis-sentinel://host:port[/db][#master]} (one per
 * Sentinel; the master name from the fragment or option {@code sentinelMaster}, default {@code mymaster}).
 * A username or password in the config overrides the URI's.
 */
final class RedisEndpoint {
    enum Kind { STANDALONE, SENTINEL }

    private final Kind kind;
    private final List<HostPort> hosts;
    private final int database;
    private final boolean tls;
    private final boolean verifyPeer;
    private final String username;
    private final String password;
    private final String masterName;
    private final java.nio.file.Path caFile;

    record HostPort(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private RedisEndpoint(Kind kind, List<HostPort> hosts, int database, boolean tls, boolean verifyPeer,
                          String username, String password, String masterName, java.nio.file.Path caFile) {
        this.kind = kind;
        this.hosts = List.copyOf(hosts);
        this.database = database;
        this.tls = tls;
        this.verifyPeer = verifyPeer;
        this.username = username;
        this.password = password;
        this.masterName = masterName;
        this.caFile = caFile;
    }

    static RedisEndpoint standalone(String host, int port, String username, String password) {
        return new RedisEndpoint(Kind.STANDALONE, List.of(new HostPort(host, port)), 0, false, true, username, password, null, null);
    }

    static RedisEndpoint sentinel(List<HostPort> sentinels, String master, String username, String password) {
        return new RedisEndpoint(Kind.SENTINEL, sentinels, 0, false, true, username, password, master, null);
    }

    /** Parses the endpoints of an external config. */
    static RedisEndpoint parse(BackendConfig config) {
        List<String> eps = config.endpoints();
        String user = null;
        String pass = null;
        Integer db = null;
        String master = config.option(RedisOptions.SENTINEL_MASTER).orElse(null);
        String scheme = null;
        List<HostPort> hosts = new ArrayList<>();
        for (int i = 0; i < eps.size(); i++) {
            String raw = eps.get(i).trim();
            String shown = "endpoints[" + i + "] = '" + BackendConfig.redact(raw) + "'";
            URI u;
            try {
                u = new URI(raw);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(shown + " is not a valid URI: " + e.getReason());
            }
            String s = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!s.equals("redis") && !s.equals("rediss") && !s.equals("redis-sentinel")) {
                throw new IllegalArgumentException(shown + " has scheme '" + s
                        + "'; the redis backend accepts redis://, rediss:// (TLS) and redis-sentinel://");
            }
            if (scheme != null && !scheme.equals(s)) {
                throw new IllegalArgumentException(shown + " mixes scheme '" + s + "' with '" + scheme
                        + "' of endpoints[0]: give one redis:// or rediss:// primary, or only redis-sentinel:// endpoints");
            }
            scheme = s;
            if (u.getHost() == null) {
                throw new IllegalArgumentException(shown + " has no host (expected " + s + "://host:port)");
            }
            int port = u.getPort() < 0 ? (s.equals("redis-sentinel") ? 26379 : 6379) : u.getPort();
            hosts.add(new HostPort(u.getHost(), port));
            String info = u.getRawUserInfo();
            if (info != null && !info.isEmpty()) {
                int c = info.indexOf(':');
                String uUser = decode(c < 0 ? info : info.substring(0, c));
                String uPass = c < 0 ? null : decode(info.substring(c + 1));
                if (c < 0) {
                    // redis://secret@host is the classic form for a password without a user name
                    uPass = uUser;
                    uUser = null;
                }
                user = uUser == null || uUser.isEmpty() ? user : uUser;
                pass = uPass == null || uPass.isEmpty() ? pass : uPass;
            }
            String path = u.getPath();
            if (path != null && path.length() > 1) {
                try {
                    int d = Integer.parseInt(path.substring(1));
                    if (d < 0) {
                        throw new NumberFormatException();
                    }
                    db = d;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(shown + " has path '" + path
                            + "'; the path selects a database and must be a number like /0");
                }
            }
            if (u.getFragment() != null && !u.getFragment().isEmpty()) {
                if (!s.equals("redis-sentinel")) {
                    throw new IllegalArgumentException(shown + " has a fragment '#" + u.getFragment()
                            + "'; only redis-sentinel:// endpoints take one (the master name)");
                }
                master = u.getFragment();
            }
            if (u.getQuery() != null) {
                throw new IllegalArgumentException(shown + " has a query '?" + u.getQuery()
                        + "'; use --option k=v for backend options instead");
            }
        }
        if (!"redis-sentinel".equals(scheme) && hosts.size() > 1) {
            throw new IllegalArgumentException("the redis backend takes one " + scheme + ":// endpoint (the primary), got "
                    + hosts.size() + ": " + hosts + "; for failover give redis-sentinel:// endpoints");
        }
        user = config.username().orElse(user);
        pass = config.password().orElse(pass);
        if (user != null && pass == null) {
            throw new IllegalArgumentException("username '" + user + "' is given without a password");
        }
        boolean verify = RedisOptions.bool(config, RedisOptions.TLS_VERIFY, true);
        boolean isSentinel = "redis-sentinel".equals(scheme);
        return new RedisEndpoint(isSentinel ? Kind.SENTINEL : Kind.STANDALONE, hosts, db == null ? 0 : db,
                "rediss".equals(scheme), verify, user, pass, isSentinel ? (master == null ? "mymaster" : master) : null,
                config.option(RedisOptions.TLS_CA_FILE).map(String::trim).map(java.nio.file.Path::of).orElse(null));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** A PEM file of CAs to trust for TLS, if given. */
    Optional<java.nio.file.Path> caFile() {
        return Optional.ofNullable(caFile);
    }

    Kind kind() {
        return kind;
    }

    boolean tls() {
        return tls;
    }

    Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** The password, for scrubbing it from messages; never print it. */
    Optional<String> password() {
        return Optional.ofNullable(password);
    }

    int database() {
        return database;
    }

    Optional<String> masterName() {
        return Optional.ofNullable(masterName);
    }

    List<HostPort> hosts() {
        return hosts;
    }

    /** For messages: {@code 127.0.0.1:6379}, or {@code sentinel master 'm' via h1:p1,h2:p2}. */
    String address() {
        String hs = hosts.stream().map(HostPort::toString).collect(Collectors.joining(","));
        return kind == Kind.SENTINEL ? "sentinel master '" + masterName + "' via " + hs : hs;
    }

    /** The Lettuce URI (holds the credentials; never log it). */
    RedisURI toRedisUri(Duration commandTimeout) {
        RedisURI.Builder b;
        if (kind == Kind.SENTINEL) {
            b = RedisURI.Builder.sentinel(hosts.get(0).host(), hosts.get(0).port(), masterName);
            for (int i = 1; i < hosts.size(); i++) {
                b.withSentinel(hosts.get(i).host(), hosts.get(i).port());
            }
        } else {
            b = RedisURI.Builder.redis(hosts.get(0).host(), hosts.get(0).port());
            if (tls) {
                b.withSsl(true).withVerifyPeer(verifyPeer ? SslVerifyMode.FULL : SslVerifyMode.NONE);
            }
        }
        // no client name: CLIENT SETNAME would need a permission a restricted ACL user may lack
        b.withDatabase(database).withTimeout(commandTimeout);
        if (password != null) {
            if (username != null) {
                b.withAuthentication(username, password);
            } else {
                b.withPassword(password.toCharArray());
            }
        }
        return b.build();
    }

    @Override
    public String toString() {
        return (tls ? "rediss " : "") + address() + (database != 0 ? " db " + database : "")
                + (username != null ? " user " + username : "") + (password != null ? " (password set)" : "");
    }
}
