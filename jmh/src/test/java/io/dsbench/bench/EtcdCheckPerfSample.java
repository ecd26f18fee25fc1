package io.dsbench.bench;

/**
 * Output of {@code etcdctl check perf --load=s} (etcdctl 3.4.23 against a managed single-member etcd 3.4.23),
 * captured by {@code dsbench bench --backends etcd --include baseline.etcd-put} and kept in its baselines.json; the
 * progress bar (one carriage-return-separated update per step, 300 of them) is cut to its last steps.
 */
final class EtcdCheckPerfSample {
    static final String OUTPUT = "\r 59 / 60   98.33%\r 59 / 60   98.33%\r 60 / 60  100.00% 1m0s\n"
            + "PASS: Throughput is 151 writes/s\n"
            + "PASS: Slowest request took 0.020472s\n"
            + "PASS: Stddev is 0.000660s\n"
            + "PASS\n";
    static final double WRITES_PER_S = 151;

    private EtcdCheckPerfSample() {
    }
}
