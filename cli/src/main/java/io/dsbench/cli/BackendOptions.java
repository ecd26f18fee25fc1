package io.dsbench.cli;

import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Backend selection shared by commands: names, endpoints, users, options. Passwords are read from the
 * environment ({@code DSBENCH_<BACKEND>_PASSWORD}), never from the command line, so they do not show in
 * process listings or shell history.
 */
public final class BackendOptions {
    @Option(names = {"-b", "--backends"}, split = ",", paramLabel = "NAME",
            description = "Backends to run, comma-separated (default: ${DEFAULT-VALUE}). Without --endpoint a backend is"
                    + " managed: dsbench starts its servers (redis-server, etcd) on loopback and stops them.",
            defaultValue = "inmemory")
    List<String> backends = new ArrayList<>();

    @Option(names = "--endpoint", paramLabel = "[BACKEND=]URI[,URI...]",
            description = {"Use an external server instead of a managed one, e.g.",
                "  redis=redis://host:6379/0",
                "  redis=rediss://user@host:6380",
                "  etcd=http://h1:2379,http://h2:2379",
                "The BACKEND= prefix may be left out when exactly one selected backend needs servers. A password goes"
                    + " in DSBENCH_<BACKEND>_PASSWORD (e.g. DSBENCH_REDIS_PASSWORD), never in the URI: one there is"
                    + " refused."})
    List<String> endpoints = new ArrayList<>();

    @Option(names = "--user", paramLabel = "BACKEND=USER", description = "User name for a backend's servers (ACL / auth).")
    Map<String, String> users = new LinkedHashMap<>();

    @Option(names = "--option", paramLabel = "BACKEND.KEY=VALUE",
            description = {"A backend-specific option, e.g.", "  etcd.reads=serializable", "  etcd.members=3",
                "  redis.topology=standalone", "See the README for each backend's options."})
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--operation-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Upper bound for one backend operation (default: ${DEFAULT-VALUE} s).")
    double operationTimeoutSeconds;

    /**
     * Refuses an endpoint without a scheme (suggesting the backend's) and one carrying a password (it would show
     * in process listings and shell history).
     */
    static String checkEndpoint(String backend, String uri) {
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            String suggested = switch (backend) {
                case "redis" -> "redis://";
                case "etcd" -> "http://";
                default -> "SCHEME://";
            };
            throw new IllegalArgumentException("--endpoint '" + BackendConfig.redact(uri) + "' has no scheme; did you mean "
                    + suggested + BackendConfig.redact(uri) + " ?");
        }
        int at = uri.indexOf('@', scheme + 3);
        int slash = uri.indexOf('/', scheme + 3);
        if (at > 0 && (slash < 0 || at < slash)) {
            String info = uri.substring(scheme + 3, at);
            int colon = info.indexOf(':');
            if (colon >= 0 && colon < info.length() - 1) {
                throw new IllegalArgumentException("--endpoint '" + BackendConfig.redact(uri) + "' carries a password,"
                        + " which process listings and shell history would show; remove it and set DSBENCH_"
                        + backend.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD instead (a user name goes in"
                        + " --user " + backend + "=NAME)");
            }
        }
        return uri;
    }

    /** Validates names and builds one config per selected backend, in order. */
    public List<BackendConfig> configs() {
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("--backends: no backend named");
        }
        if (!(operationTimeoutSeconds > 0)) {
            throw new IllegalArgumentException("--operation-timeout = " + operationTimeoutSeconds
                    + " is out of range (legal range: > 0 seconds)");
        }
        List<String> names = new ArrayList<>();
        for (String raw : backends) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            Backends.provider(name); // unknown name: IllegalArgumentException listing the available ones
            if (names.contains(name)) {
                throw new IllegalArgumentException("--backends: '" + name + "' is named twice");
            }
            names.add(name);
        }
        Map<String, List<String>> endpointsByBackend = new LinkedHashMap<>();
        for (String e : endpoints) {
            String backend;
            String uris;
            int eq = e.indexOf('=');
            int scheme = e.indexOf("://");
            if (eq > 0 && (scheme < 0 || eq < scheme)) {
                backend = e.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                uris = e.substring(eq + 1);
            } else {
                List<String> candidates = names.stream().filter(n -> !n.equals("inmemory")).toList();
                if (candidates.size() != 1) {
                    throw new IllegalArgumentException("--endpoint '" + BackendConfig.redact(e)
                            + "': say which backend it is for, as BACKEND=URI (selected: " + names + ")");
                }
                backend = candidates.get(0);
                uris = e;
            }
            if (!names.contains(backend)) {
                throw new IllegalArgumentException("--endpoint names backend '" + backend
                        + "', which is not in --backends " + names);
            }
            for (String u : uris.split(",")) {
                if (!u.isBlank()) {
                    endpointsByBackend.computeIfAbsent(backend, k -> new ArrayList<>()).add(checkEndpoint(backend,
                            u.trim()));
                }
            }
        }
        Map<String, Map<String, String>> optionsByBackend = new LinkedHashMap<>();
        for (Map.Entry<String, String> o : options.entrySet()) {
            int dot = o.getKey().indexOf('.');
            if (dot <= 0 || dot == o.getKey().length() - 1) {
                throw new IllegalArgumentException("--option '" + o.getKey() + "=" + o.getValue()
                        + "': expected BACKEND.KEY=VALUE, e.g. etcd.reads=serializable");
            }
            String backend = o.getKey().substring(0, dot).toLowerCase(Locale.ROOT);
            if (!names.contains(backend)) {
                throw new IllegalArgumentException("--option names backend '" + backend
                        + "', which is not in --backends " + names);
            }
            optionsByBackend.computeIfAbsent(backend, k -> new LinkedHashMap<>())
                    .put(o.getKey().substring(dot + 1), o.getValue());
        }
        for (String u : users.keySet()) {
            if (!names.contains(u.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("--user names backend '" + u + "', which is not in --backends " + names);
            }
        }
        List<BackendConfig> configs = new ArrayList<>();
        for (String name : names) {
            BackendConfig.Builder b = BackendConfig.builder(name)
                    .endpoints(endpointsByBackend.getOrDefault(name, List.of()))
                    .operationTimeout(Duration.ofMillis((long) (operationTimeoutSeconds * 1000)));
            optionsByBackend.getOrDefault(name, Map.of()).forEach(b::option);
            users.forEach((k, v) -> {
                if (k.equalsIgnoreCase(name)) {
                    b.username(v);
                }
            });
            String password = System.getenv("DSBENCH_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD");
            if (password != null && !password.isEmpty()) {
                b.password(password);
            }
            configs.add(b.build());
        }
        return configs;
    }
}
