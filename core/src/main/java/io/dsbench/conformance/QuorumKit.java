package io.dsbench.conformance;

import io.dsbench.patterns.quorum.QuorumConfig;
import io.dsbench.patterns.resilience.ResiliencePolicy;
import io.dsbench.spec.kv.Versioned;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * What the QUORUM rules share: clusters of N replicas that are namespaces of the backend under test
 * ({@code backend.keyValue(unique(...))}), each wrapped in a {@link FaultyKeyValueStore} so that a rule can make
 * replicas unreachable ({@code down()}) or slow, and the replica-call policy. The faults are injected in front of
 * real backend stores; nothing is mocked. The rules are in {@link QuorumConcurrencyRules} (concurrent writers,
 * stale-read inversion, version ties) and {@link QuorumVerification} (the others).
 */
public abstract class QuorumKit extends AbstractVerification {

    QuorumCluster cluster(QuorumConfig config) {
        return new QuorumCluster(backend, env, config, policy(), unique("quorum"));
    }

    /** The replica-call policy of the rules: few fast retries, generous timeouts (scaled). */
    protected ResiliencePolicy policy() {
        return ResiliencePolicy.custom().maxAttempts(2).initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(20)).attemptTimeout(env.operationBound()).build();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(Optional<Versioned> v) {
        return v.map(x -> new String(x.value(), StandardCharsets.UTF_8)).orElse("<absent>");
    }
}
