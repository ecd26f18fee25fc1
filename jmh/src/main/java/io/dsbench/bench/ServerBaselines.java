package io.dsbench.bench;

import io.dsbench.etcd.EtcdBackend;
import io.dsbench.etcd.EtcdCluster;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.options.DeleteOption;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The servers' own limits beside dsbench's figures, measured against the same server in the same run, as ratios
 * (these machines are noisy; only a ratio measured side by side counts).
 *
 * <ul>
 *   <li><b>redis</b>: {@code redis-benchmark -c 50 -P 1} and {@code -P 16}, GET and SET, {@code -r 1000 -d 100}
 *       (the workload's key count and value size), parsed from {@code --csv}; beside dsbench's kv get / put with 50
 *       clients at full speed. dsbench's put is a Lua script (it keeps a version counter), so it does more than SET.
 *       dsbench has no batching API: its clients share one multiplexed connection, which pipelines what is in flight;
 *       its figure is compared with {@code -P 16} as it is.</li>
 *   <li><b>etcd</b>: a raw jetcd put loop (no dsbench code: 50 clients, each waiting for its put, 100-byte values
 *       over 1000 keys) beside dsbench's kv put with 50 clients. {@code etcdctl check perf} is not the baseline: it is a
 *       pass/fail test that offers a fixed, rate-limited load (load {@code s}: 50 clients limited to 150 writes/s,
 *       60 s), so its "throughput" is that limit, not the server's capacity, and it takes a minute. The full profile
 *       runs it too and keeps its output in baselines.json, with a ratio marked as such.</li>
 * </ul>
 * A tool missing from PATH is reported (with the Debian package that installs it) and the rest is still written.
 */
public final class ServerBaselines {
    private final Backend backend;
    private final BackendConfig config;
    private final LoadBenchmarks load;
    private final BenchSettings s;

    public ServerBaselines(Backend backend, BackendConfig config, LoadBenchmarks load, BenchSettings settings) {
        this.backend = backend;
        this.config = config;
        this.load = load;
        this.s = settings;
    }

    /** Baseline rows and the tool invocations behind them. */
    public record Result(List<BenchRows.Baseline> baselines, List<BenchRows.ToolRecord> tools) {
    }

    /** redis-benchmark at -P 1 and -P 16 beside kv get / put. */
    public Result redis() throws InterruptedException {
        List<BenchRows.Baseline> rows = new ArrayList<>();
        List<BenchRows.ToolRecord> tools = new ArrayList<>();
        int c = s.baselineClients();
        double ourGet = ours("kv.get");
        double ourPut = ours("kv.put");
        Optional<String[]> hostPort = redisHostPort();
        for (int pipeline : new int[] {1, 16}) {
            String tool = "redis-benchmark -P " + pipeline;
            Map<String, Double> figures = Map.of();
            String error;
            if (hostPort.isEmpty()) {
                error = "no direct server address to give redis-benchmark (Sentinel or TLS endpoint): "
                        + backend.describe();
                tools.add(new BenchRows.ToolRecord("redis", tool, null, null, null, "ops/s", null, error));
            } else {
                List<String> cmd = List.of("redis-benchmark", "-h", hostPort.get()[0], "-p", hostPort.get()[1], "-c",
                        Integer.toString(c), "-n", Integer.toString(s.redisRequests() * (pipeline == 1 ? 1 : 8)), "-P",
                        Integer.toString(pipeline), "-r", Integer.toString(Workload.KEYS), "-d",
                        Integer.toString(Workload.VALUE_BYTES), "-t", "set,get", "--csv");
                Map<String, String> env = new LinkedHashMap<>();
                config.password().ifPresent(p -> env.put("REDISCLI_AUTH", p)); // never on the command line
                ExternalTool.Outcome o = ExternalTool.run(cmd, env, Duration.ofMinutes(3));
                error = o.error();
                if (error == null) {
                    try {
                        figures = ToolOutput.redisBenchmarkCsv(o.output());
                    } catch (IllegalArgumentException e) {
                        error = e.getMessage();
                    }
                }
                for (String test : List.of("GET", "SET")) {
                    tools.add(new BenchRows.ToolRecord("redis", tool + " -t " + test.toLowerCase(java.util.Locale.ROOT),
                            o.commandLine(), o.output(), figures.get(test), "ops/s", o.exitCode(), error));
                }
            }
            String goal = pipeline == 1 ? ">= 0.8" : ">= 0.6";
            rows.add(ratio("kv.get", tool + " -t get", figures.get("GET"), ourGet, goal, c, error));
            rows.add(ratio("kv.put", tool + " -t set", figures.get("SET"), ourPut, goal, c, error));
        }
        return new Result(rows, tools);
    }

    /** A raw jetcd put loop (and, in the full profile, etcdctl check perf) beside kv put. */
    public Result etcd() throws Exception {
        List<BenchRows.Baseline> rows = new ArrayList<>();
        List<BenchRows.ToolRecord> tools = new ArrayList<>();
        int c = s.baselineClients();
        List<String> urls = etcdUrls();
        // raw and ours alternate twice and each keeps its better run, so neither gains from going second (a warmer
        // JIT, a server that has batched its fsyncs longer) or loses to a noisy neighbour in one run
        double ourPut = 0;
        Double raw = null;
        String rawError = null;
        String rawTool = "raw jetcd put loop";
        for (int round = 0; round < 2; round++) {
            if (rawError == null) {
                try {
                    double r = rawEtcdPutLoop(urls, c);
                    raw = raw == null ? r : Math.max(raw, r);
                } catch (Exception e) {
                    rawError = LoadGenerator.describe(e);
                }
            }
            ourPut = Math.max(ourPut, ours("kv.put"));
        }
        tools.add(new BenchRows.ToolRecord("etcd", rawTool, "jetcd KV.put, " + c + " clients each waiting for its put, "
                + Workload.VALUE_BYTES + "-byte values over " + Workload.KEYS + " keys, " + urls
                + "; better of two runs alternating with dsbench's", null, raw, "ops/s", null, rawError));
        rows.add(ratio("kv.put", rawTool, raw, ourPut, ">= 0.9", c, rawError));
        if (s.etcdCheckPerf()) {
            List<String> cmd = List.of("etcdctl", "--endpoints=" + String.join(",", urls), "check", "perf", "--load=s");
            Map<String, String> env = new LinkedHashMap<>();
            env.put("ETCDCTL_API", "3");
            config.username().ifPresent(u -> env.put("ETCDCTL_USER", u + ":" + config.password().orElse("")));
            ExternalTool.Outcome o = ExternalTool.run(cmd, env, Duration.ofMinutes(3));
            OptionalDouble f = ToolOutput.etcdCheckPerf(o.output());
            String error = o.error() != null ? o.error()
                    : f.isEmpty() ? "no 'Throughput is N writes/s' line in its output" : null;
            Double figure = f.isPresent() ? f.getAsDouble() : null;
            tools.add(new BenchRows.ToolRecord("etcd", "etcdctl check perf --load=s", o.commandLine(), o.output(),
                    figure, "writes/s", o.exitCode(), error));
            BenchRows.Baseline b = ratio("kv.put", "etcdctl check perf --load=s", figure, ourPut, null, 50, error);
            rows.add(new BenchRows.Baseline(b.backend(), b.op(), b.tool(), b.toolFigure(), b.ours(), b.unit(),
                    b.ratio(), null, null, 50, "check perf offers a rate-limited load (s: 150 writes/s): its figure is"
                    + " that limit, not the server's capacity; no goal applies"));
        }
        return new Result(rows, tools);
    }

    private double ours(String op) throws InterruptedException {
        LoadGenerator.Result r = load.maxThroughput(op, s.baselineClients(), Duration.ofMillis(500), s.baselineMeasure());
        if (r.errors() > 0) {
            throw new IllegalStateException("dsbench " + op + " with " + s.baselineClients() + " clients: "
                    + LoadBenchmarks.reason(r));
        }
        return LoadBenchmarks.round(r.achievedRatePerS());
    }

    private BenchRows.Baseline ratio(String op, String tool, Double figure, double ours, String goal, int clients,
                                     String error) {
        Double ratio = figure == null || figure == 0 ? null : Math.round(ours / figure * 1000) / 1000.0;
        Boolean met = ratio == null || goal == null ? null : ratio >= Double.parseDouble(goal.substring(3));
        return new BenchRows.Baseline(backend.name(), op, tool, figure, ours, "ops/s", ratio, goal, met, clients, error);
    }

    /** {host, port} of the redis server, for a managed server or a plain redis:// endpoint. */
    private Optional<String[]> redisHostPort() {
        String address = null;
        if (backend.faults().isPresent()) {
            address = backend.faults().get().writer().address();
        } else if (config.endpoints().size() == 1 && config.endpoints().get(0).startsWith("redis://")) {
            URI u = URI.create(config.endpoints().get(0));
            address = u.getHost() + ":" + (u.getPort() < 0 ? 6379 : u.getPort());
        }
        if (address == null || !address.matches("[^,\\s]+:[0-9]+")) {
            return Optional.empty();
        }
        int colon = address.lastIndexOf(':');
        return Optional.of(new String[] {address.substring(0, colon), address.substring(colon + 1)});
    }

    private List<String> etcdUrls() {
        if (backend instanceof EtcdBackend eb && eb.cluster().isPresent()) {
            EtcdCluster cluster = eb.cluster().get();
            return cluster.clientUrls();
        }
        return config.endpoints();
    }

    /** Puts at full speed from {@code clients} threads through a bare jetcd client; returns puts per second. */
    private double rawEtcdPutLoop(List<String> urls, int clients) throws Exception {
        if (urls.isEmpty()) {
            throw new IllegalStateException("no etcd client URL known for " + backend.describe());
        }
        ClientBuilder b = Client.builder().endpoints(urls.toArray(String[]::new));
        config.username().ifPresent(u -> b.user(ByteSequence.from(u, StandardCharsets.UTF_8)));
        config.password().ifPresent(p -> b.password(ByteSequence.from(p, StandardCharsets.UTF_8)));
        String prefix = "dsbench-bench-raw-" + Long.toHexString(System.nanoTime()) + "/";
        ByteSequence value = ByteSequence.from(new byte[Workload.VALUE_BYTES]);
        ByteSequence[] keys = new ByteSequence[Workload.KEYS];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ByteSequence.from(prefix + i, StandardCharsets.UTF_8);
        }
        long timeoutMs = config.operationTimeout().toMillis();
        try (Client client = b.build()) {
            try {
                LoadGenerator.Result r = LoadBenchmarks.maxThroughput("etcd-raw-put", i ->
                                client.getKVClient().put(keys[ThreadLocalRandom.current().nextInt(keys.length)], value)
                                        .get(timeoutMs, TimeUnit.MILLISECONDS),
                        clients, Duration.ofSeconds(1), s.baselineMeasure());
                if (r.errors() > 0) {
                    throw new IllegalStateException("raw put loop: " + LoadBenchmarks.reason(r));
                }
                return LoadBenchmarks.round(r.achievedRatePerS());
            } finally {
                ByteSequence p = ByteSequence.from(prefix, StandardCharsets.UTF_8);
                client.getKVClient().delete(p, DeleteOption.builder().isPrefix(true).build())
                        .get(timeoutMs, TimeUnit.MILLISECONDS);
            }
        }
    }
}
