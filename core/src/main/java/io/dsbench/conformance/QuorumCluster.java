package io.dsbench.conformance;

import io.dsbench.patterns.quorum.QuorumConfig;
import io.dsbench.patterns.quorum.QuorumEnvelope;
import io.dsbench.patterns.quorum.QuorumReplicatedStore;
import io.dsbench.patterns.quorum.QuorumStoreBuilder;
import io.dsbench.patterns.resilience.ResiliencePolicy;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spi.Backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replicas of one QUORUM rule: N namespaces of the backend under test, each behind a {@link FaultyKeyValueStore}
 * so that the rule can make it unreachable or slow, and quorum stores over them.
 */
final class QuorumCluster {
    final List<FaultyKeyValueStore> replicas = new ArrayList<>();
    private final List<ReplicaHistory> histories = new ArrayList<>();
    final QuorumConfig config;
    private final TestEnvironment env;
    private final ResiliencePolicy policy;

    QuorumCluster(Backend backend, TestEnvironment env, QuorumConfig config, ResiliencePolicy policy, String base) {
        this(backend, env, config, policy, base, false);
    }

    /** With {@code recordHistory}, each replica's writes are checked by a {@link ReplicaHistory} (one read more each). */
    QuorumCluster(Backend backend, TestEnvironment env, QuorumConfig config, ResiliencePolicy policy, String base,
                  boolean recordHistory) {
        this.config = config;
        this.env = env;
        this.policy = policy;
        for (int i = 0; i < config.n(); i++) {
            KeyValueStore store = backend.keyValue(base + "-r" + i);
            if (recordHistory) {
                ReplicaHistory h = new ReplicaHistory(store);
                histories.add(h);
                store = h;
            }
            replicas.add(new FaultyKeyValueStore("replica-" + i, store));
        }
    }

    /** A store with writer id {@code writerId}. */
    QuorumReplicatedStore store(int writerId) {
        return store(policy).writerId(writerId).build();
    }

    /** A store with the next writer id of this JVM. */
    QuorumReplicatedStore store() {
        return store(policy).build();
    }

    /**
     * A store whose replica calls are not retried: a replica that was down when a write reached it stays stale (a
     * retry after {@code up()} would otherwise heal it behind the rule's back).
     */
    QuorumReplicatedStore storeWithoutRetries() {
        return store(ResiliencePolicy.custom().maxAttempts(1).attemptTimeout(env.operationBound()).build()).build();
    }

    /** A builder over the replicas with this policy; the writer id defaults to the next of this JVM. */
    QuorumStoreBuilder store(ResiliencePolicy policy) {
        return QuorumReplicatedStore.builder(config, List.copyOf(replicas)).policy(policy)
                .deadline(env.operationBound());
    }

    /** Calls replica {@code i} has refused so far. */
    long refused(int i) {
        return replicas.get(i).injectedFaults();
    }

    /** Waits until replica {@code i} has refused {@code faults} calls in total (the write attempts reached it). */
    void awaitRefused(int i, long faults) {
        assertThat(env.await(env.operationBound(), () -> replicas.get(i).injectedFaults() >= faults))
                .as("replica-%d refused %d calls", i, faults).isTrue();
    }

    /** Waits until every replica holds envelope version {@code version} of {@code key} (no write in flight). */
    void awaitEverywhere(String key, long version) {
        assertThat(env.await(env.operationBound(), () -> {
            for (int i = 0; i < replicas.size(); i++) {
                if (held(i, key).map(QuorumEnvelope::version).orElse(0L) != version) {
                    return false;
                }
            }
            return true;
        })).as("every replica holds version %d of %s", version, key).isTrue();
    }

    /** Writes that broke a replica's compare-and-set contract (recorded histories only; none for a correct backend). */
    List<String> historyProblems() {
        List<String> out = new ArrayList<>();
        histories.forEach(h -> out.addAll(h.problems()));
        return out;
    }

    /** Replica writes that lost a race so far (recorded histories only). */
    long races() {
        return histories.stream().mapToLong(ReplicaHistory::races).sum();
    }

    FaultyKeyValueStore replica(int i) {
        return replicas.get(i);
    }

    void allUp() {
        replicas.forEach(FaultyKeyValueStore::up);
    }

    /** The envelope replica {@code i} holds, read from the backend directly (bypassing faults). */
    Optional<QuorumEnvelope> held(int i, String key) {
        return replicas.get(i).delegate().get(key).flatMap(v -> QuorumEnvelope.decode(v.value()));
    }
}
