package io.dsbench.patterns.saga.choreography;

import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.spec.Checks;
import java.time.Duration;

/**
 * Settings of the services of a choreographed saga ({@link ChoreographyRuntime}).
 *
 * @param delivery        when a consumer commits its position: after handling (at least once, the default) or
 *                        before (at most once: an event a service crashed on is lost; exists to show what the
 *                        difference costs, rule SAGA-C1 fails with it)
 * @param batchSize       events read per poll (&gt;= 1)
 * @param retryBackoff    pause before an event whose handling failed is delivered again (&gt; 0)
 * @param idlePoll        the longest pause between polls of an idle consumer (&gt; 0; polls back off from 1 ms)
 * @param calls           timeout and retries of each log and offset call
 */
public record ChoreographyConfig(Delivery delivery, int batchSize, Duration retryBackoff,
        Duration idlePoll, RemoteCalls.Settings calls) {
    /** When a consumer commits its position in the event log. */
    public enum Delivery {
        /** Commit after the event was handled: a crash before the commit redelivers it (handlers are idempotent). */
        AT_LEAST_ONCE,
        /** Commit before handling: a crash while handling loses the event (the saga stops half done). */
        AT_MOST_ONCE
    }

    public ChoreographyConfig {
        Checks.requireNonNull("delivery", delivery);
        Checks.requireRange("batchSize", batchSize, 1, 100_000);
        Checks.requirePositive("retryBackoff", retryBackoff);
        Checks.requirePositive("idlePoll", idlePoll);
        Checks.requireNonNull("calls", calls);
    }

    /**
     * At least once, batches of 100, 20 ms retry backoff (a handling that failed transiently is delivered again
     * without limit: see {@link ChoreographyService}), idle polls up to 10 ms apart.
     */
    public static ChoreographyConfig defaults() {
        return new ChoreographyConfig(Delivery.AT_LEAST_ONCE, 100, Duration.ofMillis(20), Duration.ofMillis(10),
                RemoteCalls.Settings.defaults());
    }

    public ChoreographyConfig withDelivery(Delivery d) {
        return new ChoreographyConfig(d, batchSize, retryBackoff, idlePoll, calls);
    }

    public ChoreographyConfig withCalls(RemoteCalls.Settings s) {
        return new ChoreographyConfig(delivery, batchSize, retryBackoff, idlePoll, s);
    }
}
