package io.dsbench.jmh.bench;

import io.dsbench.jmh.support.Keys;
import io.dsbench.spec.idempotency.Claim;
import io.dsbench.spec.idempotency.ClaimResult;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.kv.KeyValueStore;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * <b>Measures</b> the idempotency store of a backend, one caller: {@code firstCall} is a new request (claim a fresh
 * key, get NEW, complete it with a 16-byte result); {@code duplicate} is a retried request (claim one of 1,024
 * completed keys, get COMPLETED and the stored result); {@code put} is an idempotent write, the pattern whose cost
 * over a bare {@code kv.put} issue 13 asks for (claim, kv put, complete).
 *
 * <p><b>Invalidated by</b>: a claim that does not answer NEW in {@code firstCall}/{@code put} or COMPLETED in
 * {@code duplicate} (the benchmark then throws, failing the run, rather than measure another path); the fresh keys'
 * retention (5 s, so expired records are reclaimed during the run and memory stays bounded: on a backend that
 * expires records by a sweeper, the sweeper's work is part of the figure).
 *
 * <p><b>Run</b>: {@code ./dsbench bench --backends inmemory,redis,etcd --include '^idempotency\.'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
public class IdempotencyBenchmark extends BackendBenchmark {
    private final Keys completed = new Keys("done", 1024);
    private final byte[] result = Keys.value(16);
    private final byte[] value = Keys.value(100);
    private IdempotencyStore fresh;
    private IdempotencyStore done;
    private KeyValueStore kv;
    private long next;

    @Override
    protected void setUp() {
        fresh = target.backend().idempotency(new IdempotencyConfig(target.unique("idem-fresh"), Duration.ofSeconds(5),
                Duration.ofSeconds(30)));
        done = target.backend().idempotency(IdempotencyConfig.of(target.unique("idem-done")));
        kv = target.backend().keyValue(target.unique("idem-kv"));
        for (String k : completed.all()) {
            Claim c = fresh(done.claim(k, "fp"));
            done.complete(c, result);
        }
    }

    private static Claim fresh(ClaimResult r) {
        if (r.status() != ClaimResult.Status.NEW) {
            throw new IllegalStateException("a fresh key was claimed as " + r.status() + ", not NEW");
        }
        return r.claim().orElseThrow();
    }

    @Benchmark
    public boolean firstCall() {
        Claim c = fresh(fresh.claim("r" + next++, "fp"));
        return fresh.complete(c, result);
    }

    @Benchmark
    public ClaimResult duplicate() {
        ClaimResult r = done.claim(completed.next(), "fp");
        if (r.status() != ClaimResult.Status.COMPLETED) {
            throw new IllegalStateException("a completed key was claimed as " + r.status() + ", not COMPLETED");
        }
        return r;
    }

    @Benchmark
    public boolean put() {
        String key = "p" + next++;
        Claim c = fresh(fresh.claim(key, "fp"));
        kv.put(key, value);
        return fresh.complete(c, result);
    }
}
