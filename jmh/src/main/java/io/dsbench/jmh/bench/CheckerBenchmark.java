package io.dsbench.jmh.bench;

import io.dsbench.lin.checker.CheckOptions;
import io.dsbench.lin.checker.CheckResult;
import io.dsbench.lin.checker.FailMode;
import io.dsbench.lin.checker.LinearizabilityChecker;
import io.dsbench.lin.checker.Operations;
import io.dsbench.lin.checker.Verdict;
import io.dsbench.lin.cli.CheckBench;
import io.dsbench.jmh.support.UnpartitionedKvModel;
import io.dsbench.lin.model.KvModel;
import io.dsbench.lin.model.Model;
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
 * {@code dsbench check --bench} uses ({@link CheckBench#generatedKv}, seed 42), with the default check options,
 * beside a baseline measured in the same run ({@code @Param search}):
 * <ul>
 *   <li>{@code dsbench}: the checker as {@code dsbench check} runs it: the kv model partitions the history by key
 *       (P-compositionality), partitions are searched in parallel;</li>
 *   <li>{@code unpartitioned}: the same checker and the same kv specification without partitioning
 *       ({@link UnpartitionedKvModel}): one memoised Wing-Gong-Lowe search over the whole history, the whole map as
 *       the state, i.e. the plain WGL search. (Porcupine, the reference, is Go and not installed here; with a
 *       model that declares no partition it runs this same kind of search.)</li>
 * </ul>
 * Parsing is excluded (the operations are built once per trial). In-process; runs once (backend {@code inmemory}).
 * A throughput of x ops/s is a check time of 1/x seconds.
 *
 * <p><b>Invalidated by</b>: a verdict other than linearizable (the benchmark throws: an unknown from the time limit
 * or the memo budget would time the limit, not the search); the partitions' parallel search sharing two cores with nothing else (on
 * more cores the large histories check faster; on a loaded machine slower).
 *
 * <p><b>Run</b>: {@code ./dsbench bench --include '^checker\.'}; Porcupine's figures for the same history need Go
 * and are not part of this run.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
public class CheckerBenchmark {
    @Param({"1000", "10000", "100000"})
    public int ops;

    /** {@code dsbench} (partitioned by key, parallel) or {@code unpartitioned} (one WGL search, the baseline). */
    @Param({"dsbench", "unpartitioned"})
    public String search;

    private Model model;
    private List<Operation> operations;

    @Setup
    public void setUp() {
        model = switch (search) {
            case "dsbench" -> new KvModel("");
            case "unpartitioned" -> new UnpartitionedKvModel();
            default -> throw new IllegalArgumentException("search '" + search + "' is unknown; known: dsbench,"
                    + " unpartitioned");
        };
        operations = Operations.of(CheckBench.generatedKv(ops, 10, 10, 42), model, FailMode.DROP);
    }

    @Benchmark
    public CheckResult check() {
        CheckResult r = new LinearizabilityChecker(CheckOptions.defaults()).check(operations, model);
        if (r.verdict() != Verdict.LINEARIZABLE) {
            throw new IllegalStateException("the generated history checked as " + r.verdict() + " (" + search + "): "
                    + r.reason());
        }
        return r;
    }
}
