package io.dsbench.jmh.bench;

import io.dsbench.jmh.support.Keys;
import io.dsbench.patterns.saga.SagaDefinition;
import io.dsbench.patterns.saga.SagaOrchestrator;
import io.dsbench.patterns.saga.SagaResult;
import io.dsbench.patterns.saga.SagaStep;
import io.dsbench.spec.kv.KeyValueStore;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * <b>Measures</b> a saga of three steps run to completion by a {@link SagaOrchestrator} with the default config,
 * one caller: each step puts one 100-byte value into the backend's key-value store (its compensation deletes it),
 * and every state change goes to the saga log in the same backend's durable log (STARTED, 3 x STEP_STARTED and
 * STEP_DONE, FINISHED: 8 appends, fenced). Compare with {@code kv.three_puts} of the same run: the difference is the
 * log, the fencing and the step invocation machinery (timeouts, retries, tracing off).
 *
 * <p><b>Invalidated by</b>: a saga that does not complete (the benchmark throws: a compensating run would measure
 * another path); the log growing through the run (the backend is reopened after every iteration, so each iteration
 * starts with an empty log: a managed server is restarted between iterations, outside the measurement).
 *
 * <p><b>Run</b>: {@code ./dsbench bench --backends inmemory,redis --include '^saga\.'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
public class SagaBenchmark extends BackendBenchmark {
    private final byte[] value = Keys.value(100);
    private SagaOrchestrator orchestrator;
    private long next;

    @Override
    protected void setUp() {
        KeyValueStore kv = target.backend().keyValue(target.unique("saga-data"));
        SagaStep[] steps = new SagaStep[3];
        for (int i = 0; i < 3; i++) {
            String key = "step" + i;
            steps[i] = SagaStep.of(key, ctx -> kv.put(key, value), ctx -> kv.delete(key));
        }
        orchestrator = new SagaOrchestrator(target.backend().log(target.unique("saga-log")),
                List.of(SagaDefinition.of("three", steps)));
        threeSteps(); // the first call opens connections (jetcd: about 0.5 s); not in the measurement
    }

    @Override
    protected boolean reopenEachIteration() {
        return true;
    }

    @Benchmark
    public SagaResult threeSteps() {
        SagaResult r = orchestrator.run("three", "s" + next++, Map.of());
        if (!r.completed()) {
            throw new IllegalStateException("saga " + r.sagaId() + " did not complete: " + r);
        }
        return r;
    }
}
