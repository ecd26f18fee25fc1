package io.dsbench.conformance;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.Checks;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A fault injector for any {@link KeyValueStore}: wraps a real store (e.g. a namespace of the backend under test)
 * and makes it unreachable, slow, or lose its replies, on command. Used by the QUORUM rules to simulate replicas
 * that are down; not a mock (every operation that is let through runs on the real store).
 *
 * <h2>Modes</h2>
 * <ul>
 *   <li>{@link #up()}: every call goes through.</li>
 *   <li>{@link #down()}: every call fails at once with a {@link BackendException} of kind {@code UNAVAILABLE},
 *       {@code mayHaveTakenEffect() == false}, without touching the store (as if the server were unreachable).</li>
 *   <li>{@link #slow(Duration)}: every call waits that long, then goes through. A caller that gives up interrupts
 *       the wait; the call then fails with kind {@code TIMEOUT} without touching the store.</li>
 *   <li>{@link #slowWrites(Duration)}: like {@code slow}, but only for mutations; reads go through at once (a
 *       link on which writes are delayed, e.g. queued behind a large transfer).</li>
 *   <li>{@link #loseReplies()}: every call is applied to the store, then fails with kind {@code TIMEOUT},
 *       {@code mayHaveTakenEffect() == true} (the reply was lost).</li>
 * </ul>
 * Modes can be switched at any time from any thread; a call in progress keeps the mode it started with.
 *
 * <p>Thread-safe when the wrapped store is.
 */
public final class FaultyKeyValueStore implements KeyValueStore {
    private enum Mode { UP, DOWN, SLOW, SLOW_WRITES, LOSE_REPLIES }

    private final KeyValueStore delegate;
    private final String label;
    private volatile Mode mode = Mode.UP;
    private volatile Duration delay = Duration.ZERO;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong injected = new AtomicLong();

    /**
     * @param label    a name for error messages, e.g. {@code replica-2}
     * @param delegate the real store
     */
    public FaultyKeyValueStore(String label, KeyValueStore delegate) {
        this.label = Checks.requireKey("label", label);
        this.delegate = Checks.requireNonNull("delegate", delegate);
    }

    /** Calls go through. */
    public FaultyKeyValueStore up() {
        mode = Mode.UP;
        return this;
    }

    /** Calls fail with UNAVAILABLE without reaching the store. */
    public FaultyKeyValueStore down() {
        mode = Mode.DOWN;
        return this;
    }

    /** Calls are delayed by {@code delay} (&gt; 0). */
    public FaultyKeyValueStore slow(Duration delay) {
        this.delay = Checks.requirePositive("delay", delay);
        mode = Mode.SLOW;
        return this;
    }

    /** Mutations are delayed by {@code delay} (&gt; 0); reads are not. */
    public FaultyKeyValueStore slowWrites(Duration delay) {
        this.delay = Checks.requirePositive("delay", delay);
        mode = Mode.SLOW_WRITES;
        return this;
    }

    /** Calls are applied, then fail with TIMEOUT (may have taken effect). */
    public FaultyKeyValueStore loseReplies() {
        mode = Mode.LOSE_REPLIES;
        return this;
    }

    /** Whether calls currently fail without reaching the store. */
    public boolean isDown() {
        return mode == Mode.DOWN;
    }

    /** Calls made so far, in any mode. */
    public long calls() {
        return calls.get();
    }

    /** Calls that a fault affected so far. */
    public long injectedFaults() {
        return injected.get();
    }

    /** The real store. */
    public KeyValueStore delegate() {
        return delegate;
    }

    private <T> T call(String op, String key, Supplier<T> body) {
        calls.incrementAndGet();
        Mode m = mode;
        if (m == Mode.SLOW_WRITES) {
            m = op.equals("get") ? Mode.UP : Mode.SLOW;
        }
        switch (m) {
            case DOWN -> {
                injected.incrementAndGet();
                throw new BackendException(BackendException.Kind.UNAVAILABLE, false,
                        "fault injected: " + label + " is down (" + op + " '" + key + "' not sent)");
            }
            case SLOW -> {
                injected.incrementAndGet();
                try {
                    Thread.sleep(delay.toMillis(), (int) (delay.toNanosPart() % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BackendException(BackendException.Kind.TIMEOUT, false,
                            "fault injected: " + label + " is slow; " + op + " '" + key + "' abandoned by the caller");
                }
                return body.get();
            }
            case LOSE_REPLIES -> {
                injected.incrementAndGet();
                body.get();
                throw new BackendException(BackendException.Kind.TIMEOUT, true,
                        "fault injected: " + label + " lost the reply to " + op + " '" + key + "'");
            }
            default -> {
                return body.get();
            }
        }
    }

    @Override
    public String namespace() {
        return delegate.namespace();
    }

    @Override
    public Optional<Versioned> get(String key) {
        return call("get", key, () -> delegate.get(key));
    }

    @Override
    public long put(String key, byte[] value) {
        return call("put", key, () -> delegate.put(key, value));
    }

    @Override
    public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
        return call("compareAndSet", key, () -> delegate.compareAndSet(key, expectedVersion, value));
    }

    @Override
    public boolean delete(String key) {
        return call("delete", key, () -> delegate.delete(key));
    }

    @Override
    public CasResult compareAndDelete(String key, long expectedVersion) {
        return call("compareAndDelete", key, () -> delegate.compareAndDelete(key, expectedVersion));
    }

    @Override
    public String toString() {
        return "FaultyKeyValueStore[" + label + ", " + mode + "]";
    }
}
