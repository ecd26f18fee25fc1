package io.dsbench.lin.patterns;

import io.dsbench.conformance.AbstractVerification;
import io.dsbench.conformance.ConformanceRule;
import io.dsbench.conformance.FaultyKeyValueStore;
import io.dsbench.conformance.StaleReadScenario;
import io.dsbench.lin.checker.CheckResult;
import io.dsbench.lin.checker.FailMode;
import io.dsbench.lin.checker.LinearizabilityChecker;
import io.dsbench.lin.checker.Verdict;
import io.dsbench.lin.history.History;
import io.dsbench.lin.history.HistoryRecorder;
import io.dsbench.lin.model.RegisterModel;
import io.dsbench.lin.model.VersionedKvModel;
import io.dsbench.patterns.quorum.HybridLogicalClock;
import io.dsbench.patterns.quorum.QuorumConfig;
import io.dsbench.patterns.quorum.QuorumReplicatedStore;
import io.dsbench.patterns.resilience.ResiliencePolicy;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spi.Capability;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rules LIN-QUORUM and LIN-QUORUM-PLAIN: histories of {@link QuorumReplicatedStore} clients over three namespaces of
 * the backend under test, recorded as Jepsen-style histories and checked against a register model by the WGL
 * checker.
 *
 * <p>ABD's proof needs every replica to behave as an atomic register per key, so LIN-QUORUM runs only where the
 * backend declares {@link Capability#LINEARIZABLE_KV}. LIN-QUORUM-PLAIN is a deterministic schedule
 * ({@link StaleReadScenario}) and runs everywhere.
 */
public abstract class QuorumLinearizabilityVerification extends AbstractVerification {
    private static final RegisterModel REGISTER = new RegisterModel(false, null, false);

    private final LinearizabilityChecker checker = new LinearizabilityChecker();

    /**
     * LIN-QUORUM: in ABD (LINEARIZABLE) mode a concurrent history of reads and writes of one key, by 3 clients with
     * their own stores and links (one link flapping down mid-run), checks as linearizable against the versioned
     * key-value model: values <em>and versions</em> (a put's version exceeds every earlier one, a read returns the
     * version of the write whose value it returns). The clients' clocks are frozen on one millisecond, so
     * concurrent puts read equal clock values and only the writer tie-break keeps their versions apart. The
     * stale-read schedule recorded in ABD mode checks as linearizable against a register too.
     *
     * <p>If this fails, the counterexample in the message shows the operations that cannot be ordered: check the
     * ABD write-back in {@code get}, the version query of {@code put} and that versions include the writer.
     */
    @Test
    @ConformanceRule(id = "LIN-QUORUM", title = "in ABD mode a concurrent quorum history checks as linearizable",
            level = ConformanceRule.Level.OPTIONAL, requires = Capability.LINEARIZABLE_KV)
    public void optional_LINQUORUM_abdHistoryIsLinearizable() throws Exception {
        HistoryRecorder recorder = new HistoryRecorder();
        String base = unique("lin-quorum");
        List<KeyValueStore> replicas = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            replicas.add(backend.keyValue(base + "-r" + i));
        }
        int clients = 3;
        int ops = 40;
        long frozenMillis = System.currentTimeMillis();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                List<FaultyKeyValueStore> links = new ArrayList<>();
                for (int i = 0; i < replicas.size(); i++) {
                    links.add(new FaultyKeyValueStore("client-" + id + "->replica-" + i, replicas.get(i)));
                }
                KeyValueStore store = clientUnderTest(QuorumReplicatedStore.builder(QuorumConfig.linearizable(3, 2, 2),
                                List.copyOf(links)).writerId(id).deadline(env.operationBound())
                        .clock(new HybridLogicalClock(() -> frozenMillis))
                        .policy(ResiliencePolicy.custom().maxAttempts(2).initialBackoff(Duration.ofMillis(2))
                                .maxBackoff(Duration.ofMillis(5)).attemptTimeout(env.operationBound()).build())
                        .build());
                HistoryRecorder.Client client = recorder.client();
                SplittableRandom rnd = new SplittableRandom(42 + id);
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < ops; i++) {
                        if (id == 0 && i == 10) {
                            links.get(1).down();
                        }
                        if (id == 0 && i == 25) {
                            links.get(1).up();
                        }
                        if (rnd.nextBoolean()) {
                            String v = "c" + id + "-" + i;
                            client.invoke("put", "k", v);
                            try {
                                client.ok(store.put("k", v.getBytes(StandardCharsets.UTF_8)));
                            } catch (RuntimeException e) {
                                client.failed(e, true);
                            }
                        } else {
                            client.invoke("get", "k", null);
                            try {
                                Optional<Versioned> got = store.get("k");
                                client.ok(got.map(x -> (Object) List.of(new String(x.value(), StandardCharsets.UTF_8),
                                        x.version())).orElse(null));
                            } catch (RuntimeException e) {
                                client.failed(e, false);
                            }
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(env.operationBound().toMillis() * 6, TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        History history = recorder.history();
        CheckResult concurrent = decided("LIN-QUORUM", checker.check(history, new VersionedKvModel(), FailMode.DROP));
        assertEquals(Verdict.LINEARIZABLE, concurrent.verdict(), () -> "ABD history of " + concurrent.operations()
                + " ops: " + concurrent.reason() + " " + concurrent.counterexample());
        assertTrue(concurrent.operations() >= clients * ops * 9 / 10,
                () -> "only " + concurrent.operations() + " of " + clients * ops + " operations were checked");

        CheckResult schedule = decided("LIN-QUORUM", checker.check(
                recordScenario(QuorumConfig.Consistency.LINEARIZABLE), REGISTER, FailMode.DROP));
        assertEquals(Verdict.LINEARIZABLE, schedule.verdict(),
                () -> "ABD stale-read schedule: " + schedule.counterexample());
    }

    /**
     * LIN-QUORUM-PLAIN: in plain (STRONG, W + R &gt; N) mode the kit shows a non-linearizable history: the
     * stale-read schedule (a reader sees a write in flight, a later reader does not) is recorded and the checker
     * rejects it with a counterexample. W + R &gt; N alone is not linearizability.
     *
     * <p>If this fails with "linearizable", the schedule did not produce the inversion: check
     * {@link StaleReadScenario} and the delays (raise {@code DSBENCH_TIMEOUT_SCALE} on a slow machine).
     */
    @Test
    @ConformanceRule(id = "LIN-QUORUM-PLAIN", title = "plain W+R>N quorums yield a non-linearizable history")
    public void required_LINQUORUMPLAIN_plainQuorumIsNotLinearizable() throws Exception {
        History history = recordScenario(QuorumConfig.Consistency.STRONG);
        CheckResult result = decided("LIN-QUORUM-PLAIN", checker.check(history, REGISTER, FailMode.DROP));
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), () -> "plain quorum stale-read schedule of "
                + result.operations() + " ops: expected the checker to find the new-then-old inversion; " + history);
        assertNotNull(result.counterexample(), "a NOT_LINEARIZABLE verdict carries a counterexample");
    }

    /** The client store LIN-QUORUM drives (the kit's negative controls wrap it to plant a defect). */
    protected KeyValueStore clientUnderTest(QuorumReplicatedStore store) {
        return store;
    }

    /** The result, unless the checker could not decide: then the rule's outcome is unknown, not failed. */
    private static CheckResult decided(String rule, CheckResult r) {
        if (r.verdict() == Verdict.UNKNOWN) {
            throw new io.dsbench.conformance.VerdictUnknownException(rule + ": the checker could not decide ("
                    + r.reason() + ") on " + r.operations() + " operations");
        }
        return r;
    }

    private History recordScenario(QuorumConfig.Consistency consistency) throws Exception {
        HistoryRecorder recorder = new HistoryRecorder();
        HistoryRecorder.Client[] clients = {recorder.client(), recorder.client(), recorder.client()};
        StaleReadScenario scenario = new StaleReadScenario(backend, env.scaled(Duration.ofMillis(1500)),
                env.operationBound());
        scenario.run(consistency, new StaleReadScenario.Observer() {
            @Override
            public void invoke(int process, String f, String value) {
                clients[process].invoke(f, value);
            }

            @Override
            public void complete(int process, String f, String value, Throwable error) {
                if (error == null) {
                    clients[process].ok(value);
                } else {
                    clients[process].failed(error, f.equals("write"));
                }
            }
        });
        return recorder.history();
    }

}
