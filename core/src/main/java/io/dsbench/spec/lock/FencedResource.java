package io.dsbench.spec.lock;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A resource guarded by fencing tokens: it remembers the highest token it has seen and rejects any write
 * carrying a lower one. Writes with the same token as the highest are accepted (a holder may write many
 * times under one grant).
 *
 * <p>Thread-safe: writes are serialised, so the update function runs under the resource's lock.
 *
 * @param <T> the state type (treated as immutable)
 */
public final class FencedResource<T> {
    private T state;
    private long highestToken;
    private long accepted;
    private long rejected;

    public FencedResource(T initial) {
        this.state = initial;
    }

    /**
     * Applies {@code update} if {@code token} is at least the highest token seen.
     *
     * @return true if applied, false if rejected as stale
     */
    public synchronized boolean write(long token, UnaryOperator<T> update) {
        Objects.requireNonNull(update, "update");
        if (token < highestToken) {
            rejected++;
            return false;
        }
        highestToken = token;
        state = update.apply(state);
        accepted++;
        return true;
    }

    /** The current state. */
    public synchronized T read() {
        return state;
    }

    /** The highest token accepted so far (0 before the first write). */
    public synchronized long highestToken() {
        return highestToken;
    }

    /** How many writes were accepted. */
    public synchronized long acceptedWrites() {
        return accepted;
    }

    /** How many writes were rejected as stale. */
    public synchronized long rejectedWrites() {
        return rejected;
    }
}
