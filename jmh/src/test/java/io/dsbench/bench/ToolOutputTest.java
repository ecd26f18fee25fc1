package io.dsbench.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing the servers' tools' output, on output captured from real runs. */
class ToolOutputTest {
    /** redis-benchmark 7.0.15, {@code -c 50 -n 2000 -P 1 -t get,set --csv}, captured on loopback. */
    static final String REDIS_BENCHMARK_CSV = """
            "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
            "SET","33333.34","1.007","0.032","0.743","1.271","10.735","11.151"
            "GET","37037.04","0.836","0.320","0.751","1.335","3.079","3.479"
            """;

    @Test
    void redisBenchmarkCsv_rpsPerTest() {
        assertThat(ToolOutput.redisBenchmarkCsv(REDIS_BENCHMARK_CSV))
                .isEqualTo(Map.of("SET", 33333.34, "GET", 37037.04));
    }

    @Test
    void redisBenchmarkCsv_ignoresWarningLinesAndFindsTheColumnByName() {
        String out = "WARNING: Could not fetch server CONFIG\n\"test\",\"avg_latency_ms\",\"rps\"\n\"GET\",\"0.5\",\"1000.5\"\n";
        assertThat(ToolOutput.redisBenchmarkCsv(out)).isEqualTo(Map.of("GET", 1000.5));
    }

    @Test
    void redisBenchmarkCsv_noResult_saysWhatItExpectedAndQuotesTheOutput() {
        assertThatThrownBy(() -> ToolOutput.redisBenchmarkCsv("Could not connect to Redis at 127.0.0.1:1: Connection"
                + " refused\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"test\",\"rps\" header").hasMessageContaining("Connection refused");
    }

    @Test
    void etcdCheckPerf_writesPerSecond_passOrFail() {
        assertThat(ToolOutput.etcdCheckPerf(EtcdCheckPerfSample.OUTPUT)).hasValue(EtcdCheckPerfSample.WRITES_PER_S);
        assertThat(ToolOutput.etcdCheckPerf("FAIL: Throughput too low: 120 writes/s\nFAIL")).hasValue(120);
        assertThat(ToolOutput.etcdCheckPerf("Error: context deadline exceeded")).isEmpty();
    }

    @Test
    void missingTool_namesTheDebianPackage() throws Exception {
        ExternalTool.Outcome o = ExternalTool.run(List.of("redis-benchmark-not-installed-here"), Map.of(),
                Duration.ofSeconds(5));
        assertThat(o.error()).isEqualTo("redis-benchmark-not-installed-here not found on PATH");
        assertThat(ExternalTool.missing("redis-benchmark"))
                .isEqualTo("redis-benchmark not found on PATH (Debian/Ubuntu: apt-get install redis-tools)");
        assertThat(ExternalTool.missing("etcdctl")).contains("apt-get install etcd-client");
    }
}
