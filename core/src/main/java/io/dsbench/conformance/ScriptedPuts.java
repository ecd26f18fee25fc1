package io.dsbench.conformance;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store whose puts and compare-and-sets follow a script, for the caching rules: the n-th write call gets the n-th
 * {@link Outcome} (the last one repeats). Reads and deletes pass through.
 */
final class ScriptedPuts implements KeyValueStore {
    /** What a write call does. */
    enum Outcome {
        /** Refused before reaching the store: certainly not applied. */
        REFUSE,
        /** Applied to the store, then the reply is lost: a TIMEOUT that may have taken effect. */
        APPLY_THEN_TIMEOUT,
        /** Applied and answered. */
        PASS
    }

    private final KeyValueStore delegate;
    private final List<Outcome> script;
    private final AtomicInteger calls = new AtomicInteger();

    ScriptedPuts(KeyValueStore delegate, Outcome... script) {
        this.delegate = delegate;
        this.script = List.of(script);
    }

    /** Write calls made so far. */
    int calls() {
        return calls.get();
    }

    private Outcome next(String key) {
        int n = calls.getAndIncrement();
        Outcome o = script.get(Math.min(n, script.size() - 1));
        if (o == Outcome.REFUSE) {
            throw new BackendException(BackendException.Kind.UNAVAILABLE, false, "kit: store write refused for '"
                    + key + "'");
        }
        return o;
    }

    private static BackendException lostReply(String key) {
        return new BackendException(BackendException.Kind.TIMEOUT, true, "kit: store write of '" + key
                + "' applied, reply lost");
    }

    @Override
    public String namespace() {
        return delegate.namespace();
    }

    @Override
    public Optional<Versioned> get(String key) {
        return delegate.get(key);
    }

    @Override
    public long put(String key, byte[] value) {
        Outcome o = next(key);
        long v = delegate.put(key, value);
        if (o == Outcome.APPLY_THEN_TIMEOUT) {
            throw lostReply(key);
        }
        return v;
    }

    @Override
    public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
        Outcome o = next(key);
        CasResult r = delegate.compareAndSet(key, expectedVersion, value);
        if (o == Outcome.APPLY_THEN_TIMEOUT) {
            throw lostReply(key);
        }
        return r;
    }

    @Override
    public boolean delete(String key) {
        return delegate.delete(key);
    }

    @Override
    public CasResult compareAndDelete(String key, long expectedVersion) {
        return delegate.compareAndDelete(key, expectedVersion);
    }
}
