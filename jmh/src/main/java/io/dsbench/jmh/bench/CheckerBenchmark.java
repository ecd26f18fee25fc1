package io.dsbench.jmh.bench;

import io.dsbench.lin.checker.CheckOptions;
import io.dsbench.lin.checker.CheckResult;
import io.dsbench.lin.checker.FailMode;
import io.dsbench.lin.checker.LinearizabilityChecker;
import io.dsbench.lin.checker.Operations;
import io.dsbench.lin.checker.Verdict;
import io.dsbench.lin.cli.CheckBench;
import io.dsbench.lin.model.KvModel;
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
 * <b>Measures</b> the linearizability checker's time against history length: one check of a linearizable kv history
 * of 1,000, 10,000 and 100,000 completed operations over 10 keys by 10 clients, the synthetic history
 * {@code dsbench check --bench} uses ({@link CheckBench#generatedKv}, seed 42), with the default check options
 * (parallel per-key partitions). Parsing is excluded (the operations are built once per trial). In-process; runs once
 * (backend {@code inmemory}). A throughput of x ops/s is a check time of 1/x seconds.
 *
 * <p><b>Invalidated by</b>: a verdict other than linearizable (the benchmark throws: an unknown from the time limit
 * would time the limit, not the search); the partitions' parallel search sharing two cores with nothing else (on
 * more cores the large histories check faster; on a loaded machine slower).
 *
 * <p><b>Run</b>: {@code ./dsbench bench --include '^checker\.'}, which also runs the baseline beside it
 * ({@link CheckerBaselineBenchmark}: the same history checked by one unpartitioned WGL search). Porcupine's figures
 * for the same history need Go, which is not installed here, and are not part of this run.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
public class CheckerBenchmark {
    @Param({"1000", "10000", "100000"})
    public int ops;

    private KvModel model;
    private List<Operation> operations;

    @Setup
    public void setUp() {
        model = new KvModel("");
        operations = Operations.of(CheckBench.generatedKv(ops, 10, 10, 42), model, FailMode.DROP);
    }

    @Benchmark
    public CheckResult check() {
        CheckResult r = new LinearizabilityChecker(CheckOptions.defaults()).check(operations, model);
        if (r.verdict() != Verdict.LINEARIZABLE) {
            throw new IllegalStateException("the generated history checked as " + r.verdict());
        }
        return r;
    }
}
