package io.dsbench.redis;

import io.dsbench.spec.BackendException;
import java.util.Map;
import java.util.Optional;

/** What a redis server said about itself when the backend opened (INFO server/replication, CONFIG GET). */
final class ServerFacts {
    String version = "?";
    String role;
    int replicas;
    boolean durabilityKnown;
    boolean aofAlways;
    String appendonly = "?";
    String appendfsync = "?";
    boolean sentinel;
    boolean replicationKnown;

    boolean singlePrimary() {
        return !sentinel && replicationKnown && replicas == 0;
    }

    static ServerFacts read(RedisConnector redis) {
        ServerFacts f = new ServerFacts();
        f.sentinel = redis.endpoint().kind() == RedisEndpoint.Kind.SENTINEL;
        try {
            String server = redis.call("INFO server", false, c -> c.info("server"));
            f.version = infoField(server, "redis_version").orElse("?");
            String repl = redis.call("INFO replication", false, c -> c.info("replication"));
            f.role = infoField(repl, "role").orElse(null);
            f.replicas = infoField(repl, "connected_slaves").map(Integer::parseInt).orElse(0);
            f.replicationKnown = f.role != null;
        } catch (BackendException e) {
            if (e.kind() != BackendException.Kind.ERROR && e.kind() != BackendException.Kind.AUTH) {
                throw e;
            }
            f.replicationKnown = false;
        }
        try {
            Map<String, String> aof = redis.call("CONFIG GET", false,
                    c -> c.configGet("appendonly", "appendfsync"));
            f.appendonly = aof.getOrDefault("appendonly", "?");
            f.appendfsync = aof.getOrDefault("appendfsync", "?");
            f.durabilityKnown = aof.containsKey("appendonly") && aof.containsKey("appendfsync");
            f.aofAlways = "yes".equals(f.appendonly) && "always".equals(f.appendfsync);
        } catch (BackendException e) {
            if (e.kind() != BackendException.Kind.ERROR && e.kind() != BackendException.Kind.AUTH) {
                throw e;
            }
            f.durabilityKnown = false;
        }
        return f;
    }

    private static Optional<String> infoField(String info, String field) {
        if (info == null) {
            return Optional.empty();
        }
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return Optional.of(line.substring(field.length() + 1).trim());
            }
        }
        return Optional.empty();
    }
}
