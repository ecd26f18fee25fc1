package io.dsbench.inmemory;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockService;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendTiming;
import io.dsbench.spi.Capability;
import io.dsbench.spi.Faults;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Simulated {@link Faults} for the in-memory backend, so the kit's fault rules run (and can be shown to fail) without
 * servers. One member, {@code inmemory}, role PRIMARY:
 * <ul>
 *   <li>killed: every operation fails at once with {@link BackendException.Kind#UNAVAILABLE} (not taken effect);</li>
 *   <li>paused: every operation waits until resumed, and fails with TIMEOUT after the backend's operation
 *       timeout;</li>
 *   <li>started again, or {@link #restartAll}: the backend is not DURABLE, so every key, grant, claim, log record,
 *       cache entry and registration is dropped (watches see EXPIRED events); versions and tokens keep counting.</li>
 * </ul>
 * {@link #openClient()} is a second handle on the same data whose {@code close()} closes only what it handed out.
 * Thread-safe.
 */
final class InMemoryFaults implements Faults {
    static final String MEMBER = "inmemory";

    private final InMemoryBackend backend;
    /** Written under this object's monitor; read without it on the fast path of {@link #gate()}. */
    private volatile State state = State.RUNNING;

    InMemoryFaults(InMemoryBackend backend) {
        this.backend = backend;
    }

    /** Called by every operation: fails while killed, waits while paused. */
    void gate() {
        State s = state; // one volatile read while running: no monitor on every operation
        if (s == State.RUNNING) {
            return;
        }
        if (s == State.KILLED) {
            throw killed();
        }
        long deadline = System.nanoTime() + backend.config().operationTimeout().toNanos();
        synchronized (this) {
            while (state == State.PAUSED) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new BackendException(BackendException.Kind.TIMEOUT, false, "backend 'inmemory' is paused"
                            + " (fault injection): no answer within " + backend.config().operationTimeout());
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BackendException(BackendException.Kind.TIMEOUT, false,
                            "interrupted while backend 'inmemory' is paused", e);
                }
            }
            if (state == State.KILLED) {
                throw killed();
            }
        }
    }

    private static BackendException killed() {
        return new BackendException(BackendException.Kind.UNAVAILABLE, false,
                "backend 'inmemory' is killed (fault injection): start it again with faults().start");
    }

    /** The backend closed: release paused callers. */
    synchronized void closed() {
        state = State.RUNNING;
        notifyAll();
    }

    private void check(String member) {
        if (!MEMBER.equals(member)) {
            throw new IllegalArgumentException("member = '" + member + "' is not a member of this deployment (members: ["
                    + MEMBER + "])");
        }
    }

    @Override
    public synchronized List<Member> members() {
        return List.of(new Member(MEMBER, state == State.RUNNING ? Role.PRIMARY : Role.UNKNOWN, state, "in-process"));
    }

    @Override
    public synchronized void kill(String member) {
        check(member);
        state = State.KILLED;
        notifyAll();
    }

    @Override
    public void start(String member, Duration max) {
        start(member, false);
    }

    /** Starts again; {@code keepData} models a durable server (for the kit's own tests: in-memory is not DURABLE). */
    void start(String member, boolean keepData) {
        check(member);
        synchronized (this) {
            if (state != State.KILLED) {
                throw new IllegalStateException("cannot start " + MEMBER + ": it is " + state);
            }
        }
        if (!keepData) {
            backend.crash(true);
        }
        synchronized (this) {
            state = State.RUNNING;
            notifyAll();
        }
    }

    @Override
    public synchronized void pause(String member) {
        check(member);
        if (state != State.RUNNING) {
            throw new IllegalStateException("cannot pause " + MEMBER + ": it is " + state);
        }
        state = State.PAUSED;
    }

    @Override
    public synchronized void resume(String member) {
        check(member);
        if (state != State.PAUSED) {
            throw new IllegalStateException("cannot resume " + MEMBER + ": it is " + state);
        }
        state = State.RUNNING;
        notifyAll();
    }

    @Override
    public void restartAll(Duration max) {
        kill(MEMBER);
        start(MEMBER, max);
    }

    @Override
    public Backend openClient() {
        return new Client(backend);
    }

    /** A second handle on the same in-memory data; closing it closes only the registries it handed out. */
    private static final class Client implements Backend {
        private final InMemoryBackend backend;
        private final List<ServiceRegistry> registries = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile boolean closed;

        Client(InMemoryBackend backend) {
            this.backend = backend;
        }

        private InMemoryBackend open() {
            if (closed) {
                throw new IllegalStateException("this in-memory client is closed");
            }
            return backend;
        }

        @Override
        public String name() {
            return backend.name();
        }

        @Override
        public Set<Capability> capabilities() {
            return backend.capabilities();
        }

        @Override
        public BackendTiming timing() {
            return backend.timing();
        }

        @Override
        public String describe() {
            return "client of " + backend.describe();
        }

        @Override
        public KeyValueStore keyValue(String namespace) {
            return open().keyValue(namespace);
        }

        @Override
        public ServiceRegistry registry(RegistryConfig config) {
            ServiceRegistry r = open().registry(config);
            registries.add(r);
            return r;
        }

        @Override
        public CacheStore cache(String name) {
            return open().cache(name);
        }

        @Override
        public IdempotencyStore idempotency(IdempotencyConfig config) {
            return open().idempotency(config);
        }

        @Override
        public LockService locks(LockConfig config) {
            return open().locks(config);
        }

        @Override
        public DurableLog log(String name) {
            return open().log(name);
        }

        @Override
        public void close() {
            closed = true;
            registries.forEach(ServiceRegistry::close);
        }
    }
}
