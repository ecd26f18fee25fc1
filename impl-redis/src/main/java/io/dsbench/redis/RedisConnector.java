package io.dsbench.redis;

import io.dsbench.spec.BackendException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The Lettuce client and the one shared connection every primitive uses, with <b>at-most-once</b> delivery:
 * Lettuce's auto-reconnect is off (it would replay commands in flight after a reconnect, and a replayed
 * compare-and-set or append could apply twice), and a closed connection is replaced on the next call, within
 * the connect timeout.
 *
 * <p>Every Lettuce failure becomes a {@link BackendException} whose message names the endpoint (host:port)
 * and never a credential: connect failures are UNAVAILABLE (not sent), refused credentials AUTH, no reply
 * within the operation timeout TIMEOUT (may have taken effect), a connection lost while a command was in
 * flight UNAVAILABLE with {@code mayHaveTakenEffect} for mutations, server error replies ERROR.
 *
 * <p>Thread-safe: Lettuce connections are thread-safe and pipeline concurrent commands; replacing the
 * connection is synchronised.
 */
final class RedisConnector implements AutoCloseable {
    private final RedisEndpoint endpoint;
    private final RedisClient client;
    private final RedisURI uri;
    private final Duration operationTimeout;
    private final Duration connectTimeout;
    /** Replicas each write on the shared connection waits for ({@code WAIT}); 0: none. */
    private final int waitReplicas;
    private final Duration waitTimeout;
    private volatile StatefulRedisConnection<byte[], byte[]> connection;
    private volatile boolean closed;
    private BackendException lastConnectFailure;
    private long lastConnectFailureAt;

    RedisConnector(RedisEndpoint endpoint, Duration operationTimeout, Duration connectTimeout) {
        this(endpoint, operationTimeout, connectTimeout, 0, operationTimeout);
    }

    /**
     * With {@code waitReplicas > 0} every mutating {@link #call} or {@link #script} is followed by
     * {@code WAIT waitReplicas waitTimeout} on the same connection (synchronous replication; see
     * {@link #awaitReplicas}).
     */
    RedisConnector(RedisEndpoint endpoint, Duration operationTimeout, Duration connectTimeout, int waitReplicas,
                   Duration waitTimeout) {
        this.endpoint = endpoint;
        this.waitReplicas = waitReplicas;
        this.waitTimeout = waitTimeout;
        this.operationTimeout = operationTimeout;
        this.connectTimeout = connectTimeout;
        this.uri = endpoint.toRedisUri(operationTimeout);
        ClientResources resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        this.client = RedisClient.create(resources);
        ClientOptions.Builder options = ClientOptions.builder();
        endpoint.caFile().ifPresent(f -> options.sslOptions(SslOptions.builder().jdkSslProvider()
                .trustManager(f.toFile()).build()));
        client.setOptions(options
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .protocolVersion(ProtocolVersion.RESP2)
                .pingBeforeActivateConnection(true)
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).tcpNoDelay(true).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(operationTimeout))
                .build());
    }

    RedisEndpoint endpoint() {
        return endpoint;
    }

    Duration operationTimeout() {
        return operationTimeout;
    }

    /** Connects now (at open), so that a bad endpoint or password fails the open, not the first operation. */
    void connectEagerly() {
        connection();
    }

    private StatefulRedisConnection<byte[], byte[]> connection() {
        StatefulRedisConnection<byte[], byte[]> c = connection;
        if (c != null && c.isOpen()) {
            return c;
        }
        long waitingSince = System.nanoTime();
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the redis backend for " + endpoint.address() + " is closed");
            }
            c = connection;
            if (c != null && c.isOpen()) {
                return c;
            }
            // An attempt that failed while this caller waited for the lock answers for it too: callers queued
            // behind a dead server fail after one connect timeout, not one each.
            BackendException failed = lastConnectFailure;
            if (failed != null && lastConnectFailureAt - waitingSince > 0) {
                throw new BackendException(failed.kind(), false, failed.getMessage(), failed);
            }
            try {
                c = newConnection("connect");
            } catch (BackendException e) {
                lastConnectFailure = e;
                lastConnectFailureAt = System.nanoTime();
                throw e;
            }
            lastConnectFailure = null;
            connection = c;
            return c;
        }
    }

    /** A new connection of its own (for blocking reads such as a watch's XREAD); the caller closes it. */
    StatefulRedisConnection<byte[], byte[]> newConnection(String op) {
        long t0 = System.nanoTime();
        try {
            StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE, uri);
            c.setTimeout(operationTimeout);
            return c;
        } catch (RuntimeException e) {
            throw translate(op, false, e, System.nanoTime() - t0);
        }
    }

    /**
     * Runs {@code f} on the shared connection, translating failures. A mutation, when the connector waits for
     * replicas, is followed by {@code WAIT} in the same call, so on the same connection as the write.
     */
    <T> T call(String op, boolean mutation, Function<RedisCommands<byte[], byte[]>, T> command) {
        Function<RedisCommands<byte[], byte[]>, T> f = mutation && waitReplicas > 0 ? cmd -> {
            T r = command.apply(cmd);
            awaitReplicas(cmd, op);
            return r;
        } : command;
        StatefulRedisConnection<byte[], byte[]> c = connection();
        long t0 = System.nanoTime();
        try {
            return f.apply(c.sync());
        } catch (RuntimeException e) {
            if (!rejectedWhileDisconnected(e)) {
                throw translate(op, mutation, e, System.nanoTime() - t0);
            }
            // Lettuce refused to send because the connection dropped a moment ago: nothing was sent, so one
            // retry on a fresh connection cannot apply the command twice.
            discard(c);
            return callOn(connection(), op, mutation, f);
        }
    }

    /**
     * {@code WAIT}: blocks until {@link #waitReplicas} replicas confirmed every write sent on this connection so far
     * (so the caller's, sent just before on it), or {@link #waitTimeout}. Fewer replicas: the write is applied on
     * the primary but not confirmed where it was asked to be, so its outcome is unknown to the caller (a failover
     * may lose it): TIMEOUT, may have taken effect.
     */
    private void awaitReplicas(RedisCommands<byte[], byte[]> cmd, String op) {
        Long acked = cmd.waitForReplication(waitReplicas, waitTimeout.toMillis());
        long n = acked == null ? 0 : acked;
        if (n < waitReplicas) {
            throw new BackendException(BackendException.Kind.TIMEOUT, true, "redis " + endpoint.address() + ": " + op
                    + " was applied on the primary, but only " + n + " of the " + waitReplicas + " replicas required "
                    + "(option waitReplicas) confirmed it within waitTimeoutMs " + waitTimeout.toMillis() + "; it may be "
                    + "lost if the primary fails", null);
        }
    }

    private static boolean rejectedWhileDisconnected(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("Commands are rejected")) {
                return true;
            }
        }
        return false;
    }

    private synchronized void discard(StatefulRedisConnection<byte[], byte[]> c) {
        if (connection == c) {
            connection = null;
            c.closeAsync();
        }
    }

    <T> T callOn(StatefulRedisConnection<byte[], byte[]> c, String op, boolean mutation,
                 Function<RedisCommands<byte[], byte[]>, T> f) {
        long t0 = System.nanoTime();
        try {
            return f.apply(c.sync());
        } catch (RuntimeException e) {
            throw translate(op, mutation, e, System.nanoTime() - t0);
        }
    }

    /**
     * Runs a Lua script by SHA, loading it with EVAL when the server does not know it (e.g. after a restart).
     * An error reply of a mutating script "may have taken effect" (Redis keeps the writes a script made before
     * it failed) unless it is one the script or the server gives before the first write; see {@link LuaScript}.
     */
    <T> T script(String op, boolean mutation, LuaScript script, ScriptOutputType type, byte[][] keys, byte[]... args) {
        return call(op, mutation, cmd -> evalOn(cmd, op, mutation, script, type, keys, args));
    }

    <T> T scriptOn(StatefulRedisConnection<byte[], byte[]> c, String op, boolean mutation, LuaScript script,
                   ScriptOutputType type, byte[][] keys, byte[]... args) {
        return callOn(c, op, mutation, cmd -> evalOn(cmd, op, mutation, script, type, keys, args));
    }

    private <T> T evalOn(RedisCommands<byte[], byte[]> cmd, String op, boolean mutation, LuaScript script,
                         ScriptOutputType type, byte[][] keys, byte[][] args) {
        try {
            try {
                return cmd.evalsha(script.sha(), type, keys, args);
            } catch (RedisNoScriptException e) {
                // NOSCRIPT: the script did not run, so running it by text cannot apply it twice
                return cmd.eval(script.body(), type, keys, args);
            }
        } catch (RedisCommandExecutionException e) {
            if (!mutation || nothingWritten(e)) {
                throw e;
            }
            throw new BackendException(isAuthFailure(e) ? BackendException.Kind.AUTH : BackendException.Kind.ERROR,
                    true, "redis " + endpoint.address() + ": " + op
                    + " failed on the server: " + scrub(messageChain(e)) + "; the script may have written before it"
                    + " failed (Redis does not roll back a script), so it may have taken effect", e);
        }
    }

    /**
     * Error codes Redis answers before a script's first write: the script never ran (NOSCRIPT, BUSY, LOADING,
     * MASTERDOWN, TRYAGAIN, NOAUTH, WRONGPASS) or its first write was refused (OOM and READONLY are checked
     * at the first write of a script, never later), or one of this backend's checks failed.
     */
    private static final java.util.List<String> BEFORE_FIRST_WRITE = java.util.List.of(LuaScript.NOTHING_WRITTEN,
            "NOSCRIPT", "BUSY", "LOADING", "MASTERDOWN", "TRYAGAIN", "NOAUTH", "WRONGPASS", "OOM", "READONLY");

    private static boolean nothingWritten(RedisCommandExecutionException e) {
        String m = String.valueOf(e.getMessage());
        if (m.startsWith("NOPERM") && (m.contains("'evalsha'") || m.contains("'eval'"))) {
            return true; // the script itself was refused
        }
        for (String code : BEFORE_FIRST_WRITE) {
            if (m.startsWith(code + " ") || m.equals(code)) {
                return true;
            }
        }
        return false;
    }

    /** Maps a Lettuce failure to a {@link BackendException} naming the endpoint but no credential. */
    BackendException translate(String op, boolean mutation, RuntimeException e, long elapsedNanos) {
        String where = "redis " + endpoint.address();
        String cause = scrub(messageChain(e));
        if (e instanceof BackendException be) {
            return be;
        }
        if (e instanceof RedisCommandTimeoutException) {
            return new BackendException(BackendException.Kind.TIMEOUT, mutation, where + ": " + op
                    + " got no reply within the operation timeout " + operationTimeout
                    + (mutation ? "; it may have been applied" : ""), e);
        }
        if (e instanceof RedisCommandInterruptedException) {
            Thread.currentThread().interrupt();
            return new BackendException(BackendException.Kind.ERROR, mutation, where + ": " + op
                    + " was interrupted" + (mutation ? "; it may have been applied" : ""), e);
        }
        if (isAuthFailure(e)) {
            return new BackendException(BackendException.Kind.AUTH, false, where
                    + ": authentication or authorisation failed " + ("connect".equals(op) ? "while connecting" : "for " + op)
                    + " (" + cause + ")"
                    + endpoint.username().map(u -> "; user '" + u + "'").orElse("")
                    + (endpoint.password().isPresent() ? "; password set (not shown)" : "; no password given"), e);
        }
        if (e instanceof RedisConnectionException) {
            return new BackendException(BackendException.Kind.UNAVAILABLE, false, where + ": cannot connect"
                    + ("connect".equals(op) ? "" : " for " + op) + " (" + cause + "; connect timeout " + connectTimeout
                    + ")", e);
        }
        if (e instanceof RedisCommandExecutionException) {
            String msg = String.valueOf(e.getMessage());
            if (msg.startsWith("LOADING") || msg.startsWith("MASTERDOWN") || msg.startsWith("TRYAGAIN")) {
                return new BackendException(BackendException.Kind.UNAVAILABLE, false, where + ": " + op
                        + " refused, server not ready: " + cause, e);
            }
            if (msg.startsWith("READONLY")) {
                return new BackendException(BackendException.Kind.ERROR, false, where + ": " + op
                        + " refused: the server is a read-only replica, give the primary's address (" + cause + ")", e);
            }
            return new BackendException(BackendException.Kind.ERROR, false, where + ": " + op
                    + " failed on the server: " + cause, e);
        }
        if (isConnectionLoss(e)) {
            boolean notSent = String.valueOf(e.getMessage()).contains("not connected");
            boolean maybe = mutation && !notSent;
            return new BackendException(BackendException.Kind.UNAVAILABLE, maybe, where + ": connection lost during "
                    + op + (maybe ? "; it may have been applied" : "") + " (" + cause + ")", e);
        }
        return new BackendException(BackendException.Kind.ERROR, mutation, where + ": " + op + " failed after "
                + TimeUnit.NANOSECONDS.toMillis(elapsedNanos) + " ms: " + cause
                + (mutation ? "; it may have been applied" : ""), e);
    }

    private static boolean isAuthFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.startsWith("NOAUTH") || m.startsWith("WRONGPASS") || m.startsWith("NOPERM")
                    || m.contains("invalid password") || m.contains("invalid username-password")
                    || m.startsWith("ERR AUTH") || m.contains("Authentication required")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean isConnectionLoss(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof IOException || t instanceof ClosedChannelException || m.contains("Connection closed")
                    || m.contains("not connected") || m.contains("Connection reset") || m.contains("closed")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return e instanceof RedisException && !(e instanceof RedisCommandExecutionException);
    }

    private static String messageChain(Throwable e) {
        StringBuilder b = new StringBuilder();
        int depth = 0;
        for (Throwable t = e; t != null && depth < 4; t = t.getCause(), depth++) {
            String m = t.getMessage();
            if (m == null || b.indexOf(m) >= 0) {
                continue;
            }
            if (b.length() > 0) {
                b.append(": ");
            }
            b.append(m);
        }
        return b.length() == 0 ? e.getClass().getSimpleName() : b.toString();
    }

    /** Removes the password from a message, however a library may have put it there. */
    String scrub(String s) {
        String pw = endpoint.password().orElse(null);
        if (s == null || pw == null || pw.isEmpty()) {
            return s;
        }
        return s.replace(pw, "***");
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            StatefulRedisConnection<byte[], byte[]> c = connection;
            connection = null;
            if (c != null && c.isOpen()) {
                try {
                    c.close();
                } catch (RuntimeException ignored) {
                    // closing a broken connection may fail; the client shutdown below releases it
                }
            }
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        client.getResources().shutdown(0, 2, TimeUnit.SECONDS);
    }
}
