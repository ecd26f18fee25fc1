package io.dsbench.etcd;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.Checks;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.options.GetOption;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every etcd primitive shares: the jetcd client, the key prefix, the operation timeout, the read mode
 * and the mapping of jetcd/gRPC failures to {@link BackendException}.
 *
 * <p>Every call waits at most {@link #timeout()} for its future ({@link #await}); a future that does not
 * complete in time is cancelled and reported as {@link BackendException.Kind#TIMEOUT}, naming the
 * endpoints (never credentials). Thread-safe.
 */
final class EtcdSession {
    private final Client client;
    private final String prefix;
    private final Duration timeout;
    private final boolean serializableReads;
    private final String where;
    private final long minTtlSeconds;
    private final java.util.Set<CompletableFuture<?>> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();

    EtcdSession(Client client, String keyPrefix, Duration timeout, boolean serializableReads, String where,
                long minTtlSeconds) {
        this.client = client;
        this.prefix = keyPrefix.endsWith("/") ? keyPrefix : keyPrefix + "/";
        this.timeout = timeout;
        this.serializableReads = serializableReads;
        this.where = where;
        this.minTtlSeconds = minTtlSeconds;
    }

    Client client() {
        return client;
    }

    KV kv() {
        return client.getKVClient();
    }

    Lease lease() {
        return client.getLeaseClient();
    }

    Duration timeout() {
        return timeout;
    }

    String where() {
        return where;
    }

    long minTtlSeconds() {
        return minTtlSeconds;
    }

    /**
     * Options for {@code KeyValueStore.get}, the only read that follows the configured mode
     * ({@code reads=serializable} or linearizable); every other read is linearizable.
     */
    GetOption readOption() {
        return serializableReads ? GetOption.builder().withSerializable(true).build() : GetOption.DEFAULT;
    }

    /** The etcd key {@code <prefix><kind>/<escaped name>/}, the root of one primitive's keys. */
    String root(String kind, String name) {
        return prefix + kind + "/" + escape(name) + "/";
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** Escapes '%' and '/' so that a name never spans two path segments. */
    static String escape(String name) {
        return name.replace("%", "%25").replace("/", "%2F");
    }

    static String unescape(String name) {
        return name.replace("%2F", "/").replace("%25", "%");
    }

    /**
     * A TTL in whole seconds, rounded up (etcd leases have 1 s granularity), and at least the server's
     * minimum lease TTL (which etcd would impose anyway).
     */
    long ttlSeconds(String field, Duration ttl) {
        Checks.requirePositive(field, ttl);
        long s = ttl.toSeconds() + (ttl.toNanosPart() > 0 ? 1 : 0);
        return Math.max(s, minTtlSeconds);
    }

    /**
     * Like {@link #ttlSeconds} but a TTL below the server's minimum lease TTL is an
     * {@link IllegalArgumentException} naming {@code field} (for primitives whose spec rejects it).
     */
    long strictTtlSeconds(String field, Duration ttl) {
        Checks.requirePositive(field, ttl);
        if (ttl.compareTo(Duration.ofSeconds(minTtlSeconds)) < 0) {
            throw new IllegalArgumentException(field + " = " + ttl + " is out of range (legal range: >= "
                    + minTtlSeconds + " s, the etcd server's minimum lease TTL)");
        }
        return ttlSeconds(field, ttl);
    }

    /** Grants a lease of {@code seconds}. */
    long grant(long seconds) {
        return await(lease().grant(seconds), "lease grant", true).getID();
    }

    /** Revokes a lease without waiting (tidying up; a lost revoke only leaves the lease to expire). */
    void revokeLater(long leaseId) {
        if (leaseId == 0) {
            return;
        }
        try {
            CompletableFuture<?> f = lease().revoke(leaseId);
            pending.add(f);
            f.whenComplete((r, e) -> pending.remove(f));
        } catch (RuntimeException ignored) {
            // the lease expires on its own
        }
    }

    /** Waits up to {@code max} for background revokes, so that closing the client does not cut them off. */
    void drain(Duration max) {
        CompletableFuture<?>[] all = pending.toArray(new CompletableFuture<?>[0]);
        if (all.length == 0) {
            return;
        }
        try {
            CompletableFuture.allOf(all).get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException ignored) {
            // leases left behind expire on their own
        }
    }

    /** Renews a lease once; false when the lease does not exist any more (expired or revoked). */
    boolean keepAliveOnce(long leaseId) {
        if (leaseId == 0) {
            return false;
        }
        try {
            return await(lease().keepAliveOnce(leaseId), "lease keep-alive", false).getTTL() > 0;
        } catch (BackendException e) {
            if (isLeaseNotFound(e.getCause())) {
                return false;
            }
            throw e;
        }
    }

    private static boolean isLeaseNotFound(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && m.contains("requested lease not found")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits for {@code future} at most the operation timeout and maps failures.
     *
     * @param what     the operation, for messages
     * @param mutation whether the operation changes state (then a timeout or lost connection "may have taken
     *                 effect")
     */
    <T> T await(CompletableFuture<T> future, String what, boolean mutation) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new BackendException(BackendException.Kind.TIMEOUT, mutation,
                    "etcd " + what + " at " + where + " did not complete within " + timeout.toMillis()
                            + " ms (server unreachable, no leader, or overloaded)", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new BackendException(BackendException.Kind.ERROR, mutation,
                    "interrupted while waiting for etcd " + what + " at " + where, e);
        } catch (ExecutionException | CompletionException e) {
            throw map(e.getCause() == null ? e : e.getCause(), what, mutation);
        }
    }

    /** Maps a jetcd or gRPC failure to a {@link BackendException}. */
    BackendException map(Throwable t, String what, boolean mutation) {
        if (t instanceof BackendException be) {
            return be;
        }
        Status.Code code = codeOf(t);
        String msg = messageOf(t);
        String lower = msg.toLowerCase(java.util.Locale.ROOT);
        BackendException.Kind kind;
        boolean may;
        if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED
                || lower.contains("authentication failed") || lower.contains("invalid auth token")
                || lower.contains("permission denied") || lower.contains("user name is empty")
                || lower.contains("auth: ")) {
            kind = BackendException.Kind.AUTH;
            may = false;
        } else if (code == Status.Code.DEADLINE_EXCEEDED) {
            kind = BackendException.Kind.TIMEOUT;
            may = mutation;
        } else if (code == Status.Code.UNAVAILABLE) {
            // A connection lost after sending is also UNAVAILABLE: a mutation may have been applied.
            kind = BackendException.Kind.UNAVAILABLE;
            may = mutation;
        } else {
            kind = BackendException.Kind.ERROR;
            may = mutation;
        }
        if (kind == BackendException.Kind.TIMEOUT) {
            return new BackendException(kind, may, "etcd " + what + " at " + where + " did not complete within "
                    + timeout.toMillis() + " ms (server unreachable, no leader, or overloaded)", t);
        }
        String hint = kind == BackendException.Kind.AUTH ? " (wrong user or password, or missing permission)" : "";
        return new BackendException(kind, may, "etcd " + what + " at " + where + " failed: " + msg + hint, t);
    }

    private static Status.Code codeOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StatusRuntimeException s) {
                return s.getStatus().getCode();
            }
            if (c instanceof io.grpc.StatusException s) {
                return s.getStatus().getCode();
            }
            if (c instanceof EtcdException e) {
                try {
                    return Status.Code.valueOf(e.getErrorCode().name());
                } catch (IllegalArgumentException ignored) {
                    return Status.Code.UNKNOWN;
                }
            }
        }
        return Status.Code.UNKNOWN;
    }

    private static String messageOf(Throwable t) {
        String m = null;
        for (Throwable c = t; c != null && m == null; c = c.getCause()) {
            m = c.getMessage();
        }
        if (m == null) {
            return t.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl);
        }
        return m.length() > 240 ? m.substring(0, 240) + "..." : m;
    }
}
