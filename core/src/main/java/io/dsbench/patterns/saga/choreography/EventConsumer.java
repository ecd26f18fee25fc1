package io.dsbench.patterns.saga.choreography;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The consumer loop of one instance of a service: reads the event log from the service's committed position,
 * hands each event to the service, and commits the new position in the {@link OffsetStore}.
 *
 * <h2>Delivery</h2>
 * {@link ChoreographyConfig.Delivery#AT_LEAST_ONCE}: an event the service reacts to is committed right after it
 * was handled; events it ignores are committed with the batch. A crash between handling and commit delivers the
 * event again to the next instance (the service's reaction is idempotent). A handling that throws (a transient
 * failure) is not committed: the loop pauses {@link ChoreographyConfig#retryBackoff()} and reads from the same
 * position again, so later events wait behind it (per-service order is kept).
 * {@link ChoreographyConfig.Delivery#AT_MOST_ONCE} commits before handling: a crash loses the event.
 *
 * <p>An {@link Error} (a simulated crash) ends the loop at once, with nothing committed: the instance is dead.
 * Confined to its thread; the position it starts from is the committed one.
 */
final class EventConsumer {
    private final ChoreographyService service;
    private final EventLog events;
    private final OffsetStore offsets;
    private final ChoreographyConfig config;
    private final DeliveryStats stats;
    private final Map<Long, Integer> attempts = new HashMap<>();
    private long position = -1;

    EventConsumer(ChoreographyService service, EventLog events, OffsetStore offsets, ChoreographyConfig config,
            DeliveryStats stats) {
        this.service = service;
        this.events = events;
        this.offsets = offsets;
        this.config = config;
        this.stats = stats;
    }

    /**
     * Reads and handles one batch.
     *
     * @return how many events were read; -1 if a handling failed (deliver again after the backoff)
     */
    int pollOnce() {
        String name = service.name();
        if (position < 0) {
            position = offsets.committed(name);
        }
        List<EventLog.Delivered> batch = events.read(position + 1, config.batchSize());
        long committed = position;
        for (EventLog.Delivered d : batch) {
            stats.read(name);
            if (service.reactionTo(d.event()) == ChoreographyService.Reaction.NONE) {
                position = d.sequence();
                continue;
            }
            if (config.delivery() == ChoreographyConfig.Delivery.AT_MOST_ONCE) {
                committed = offsets.commit(name, d.sequence());
            }
            int attempt = attempts.merge(d.sequence(), 1, Integer::sum);
            stats.handling(name, d);
            try {
                service.handle(d, attempt);
            } catch (Exception transientFailure) {
                stats.failed(name);
                if (position > committed) {
                    offsets.commit(name, position);
                }
                return -1;
            }
            attempts.remove(d.sequence());
            position = d.sequence();
            committed = offsets.commit(name, position);
        }
        if (position > committed) {
            offsets.commit(name, position);
        }
        return batch.size();
    }

    /** Polls until interrupted: idle polls back off from 1 ms to {@link ChoreographyConfig#idlePoll()}. */
    void run() {
        long idleMillis = 1;
        while (!Thread.currentThread().isInterrupted()) {
            int n = pollOnce();
            long pause;
            if (n < 0) {
                pause = config.retryBackoff().toMillis();
            } else if (n == 0) {
                pause = idleMillis;
                idleMillis = Math.min(idleMillis * 2, Math.max(1, config.idlePoll().toMillis()));
            } else {
                idleMillis = 1;
                continue;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
