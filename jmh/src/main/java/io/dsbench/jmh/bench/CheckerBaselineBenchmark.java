package io.dsbench.jmh.bench;

import io.dsbench.jmh.support.UnpartitionedKvModel;
import io.dsbench.lin.checker.CheckOptions;
import io.dsbench.lin.checker.CheckResult;
import io.dsbench.lin.checker.FailMode;
import io.dsbench.lin.checker.LinearizabilityChecker;
import io.dsbench.lin.checker.Operations;
import io.dsbench.lin.checker.Verdict;
import io.dsbench.lin.cli.CheckBench;
import io.dsbench.lin.model.Operation;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * <b>Measures</b> the baseline of {@link CheckerBenchmark}: the same generated kv history (1,000 and 10,000
 * completed operations over 10 keys by 10 clients, {@link CheckBench#generatedKv}, seed 42) checked by the same
 * checker with the same kv specification but WITHOUT P-compositionality ({@link UnpartitionedKvModel}): one memoised
 * Wing-Gong-Lowe search over the whole history, the whole map as the state, i.e. the plain WGL search a checker
 * without per-key partitioning runs. The two of one run give "checker time against history length, beside a
 * baseline". 100,000 operations are not run: one such check takes more than two minutes here (the search has to
 * order concurrent operations on different keys, which partitioning never does).
 *
 * <p><b>Invalidated by</b>: a verdict other than linearizable (the benchmark throws); reading it as Porcupine's
 * time (Porcupine is Go, not installed here; with a model that declares no partition it runs this kind of search,
 * but its constant factors differ).
 *
 * <p><b>Run</b>: {@code ./dsbench bench --include '^checker\\.'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
public class CheckerBaselineBenchmark {
    @Param({"1000", "10000"})
    public int ops;

    private UnpartitionedKvModel model;
    private List<Operation> operations;

    @Setup
    public void setUp() {
        model = new UnpartitionedKvModel();
        operations = Operations.of(CheckBench.generatedKv(ops, 10, 10, 42), model, FailMode.DROP);
    }

    @Benchmark
    public CheckResult checkUnpartitioned() {
        CheckResult r = new LinearizabilityChecker(CheckOptions.defaults()).check(operations, model);
        if (r.verdict() != Verdict.LINEARIZABLE) {
            throw new IllegalStateException("the generated history checked as " + r.verdict() + " without"
                    + " partitioning: " + r.reason());
        }
        return r;
    }
}
