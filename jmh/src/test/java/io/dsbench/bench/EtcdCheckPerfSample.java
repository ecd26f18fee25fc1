package io.dsbench.bench;

/** Output of {@code etcdctl check perf --load=s} (etcdctl 3.4.23), captured from a real run. */
final class EtcdCheckPerfSample {
    static final String OUTPUT = """
             60 / 60 Booooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooo! 100.00% 1m0s
            PASS: Throughput is 150 writes/s
            PASS: Slowest request took 0.011527s
            PASS: Stddev is 0.000957s
            PASS
            """;
    static final double WRITES_PER_S = 150;

    private EtcdCheckPerfSample() {
    }
}
