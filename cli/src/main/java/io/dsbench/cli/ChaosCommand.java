package io.dsbench.cli;

import io.dsbench.chaos.run.ChaosOptions;
import io.dsbench.chaos.run.ChaosResult;
import io.dsbench.chaos.run.ChaosRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import java.time.Instant;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dsbench chaos}: workloads under faults on real clusters, histories checked, verdicts against promises. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Run a workload against a deployment while nemeses inject faults; check the history.",
                "Writes results/<run-id>/checks/<workload>-<backend>-<nemeses>/ (history.edn, history.jsonl,",
                "result.json, timeline.html, logs/); 'dsbench check DIR' re-checks it.",
                "Exit: 0 every outcome matches what the backend's capabilities promise, 1 otherwise, 2 bad input."})
public class ChaosCommand implements Callable<Integer> {

    @Option(names = "--backend", required = true, paramLabel = "B",
            description = "etcd (3 members), redis (standalone), redis-sentinel (primary + 2 replicas + 3 Sentinels), "
                    + "inmemory.")
    String backend;

    @Option(names = "--workload", defaultValue = "register", paramLabel = "W[,W]",
            description = "register, set, lock, lock-fenced, idempotency, registry, saga, 2pc (comma list: each on a "
                    + "fresh deployment). Default: ${DEFAULT-VALUE}.")
    String workload;

    @Option(names = "--nemesis", defaultValue = "kill", paramLabel = "N[,N]",
            description = "kill, pause, partition, packet, clock, or none. Default: ${DEFAULT-VALUE}.")
    String nemesis;

    @Option(names = "--target", defaultValue = "primary", paramLabel = "T",
            description = "Whom kill/pause/partition hit: primary (leader), one, minority, majority; ring (partition "
                    + "only, etcd --members 5 in namespaces: Jepsen's majorities ring). Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(names = "--members", defaultValue = "3", paramLabel = "N",
            description = "etcd members: 3 or 5. Default: ${DEFAULT-VALUE}.")
    int members;

    @Option(names = "--reads", defaultValue = "linearizable", paramLabel = "R",
            description = "etcd reads of the workload's clients: linearizable, or serializable (any member answers "
                    + "from its local state: stale reads allowed and expected under partition). Default: "
                    + "${DEFAULT-VALUE}.")
    String reads;

    @Option(names = "--time", defaultValue = "60s", paramLabel = "D", description = "Duration. Default: ${DEFAULT-VALUE}.")
    String time;

    @Option(names = "--rate", defaultValue = "100", paramLabel = "OPS",
            description = "Offered steps per second over all clients. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--clients", defaultValue = "5", paramLabel = "N",
            description = "Clients, each with at most one request in flight. Default: ${DEFAULT-VALUE}.")
    int clients;

    @Option(names = "--seed", paramLabel = "S", description = "Seed for every random choice. Default: random, printed.")
    Long seed;

    @Option(names = "--min-rate", defaultValue = "-1", paramLabel = "OPS",
            description = "ok ops/s needed before the first fault, else the run is invalid. Default: half of --rate "
                    + "(lock workloads: at most 5; idempotency: a quarter).")
    double minRate;

    @Option(names = "--max-ops", defaultValue = "1000000", paramLabel = "N", description = "Upper bound on steps.")
    long maxOps;

    @Option(names = "--latency", defaultValue = "50", paramLabel = "MS", description = "packet: latency (ms).")
    long latency;

    @Option(names = "--jitter", defaultValue = "20", paramLabel = "MS", description = "packet: jitter (ms).")
    long jitter;

    @Option(names = "--loss", defaultValue = "0.05", paramLabel = "P",
            description = "packet: probability a chunk is lost (delivered after a 200 ms retransmission).")
    double loss;

    @Option(names = "--clock-offset", defaultValue = "2000", paramLabel = "MS",
            description = "clock: how far the suite's clients' clock is set back (ms).")
    long clockOffset;

    @Option(names = "--partition-impl", defaultValue = "auto", paramLabel = "I",
            description = "etcd partitions: netns (members in network namespaces, nftables inside them; root), proxy "
                    + "(client links cut at the fault proxies), auto (netns when available). Default: ${DEFAULT-VALUE}.")
    String partitionImpl;

    @Option(names = "--out", defaultValue = "results", paramLabel = "DIR", description = "Results directory.")
    Path out;

    @Option(names = "--emit-k8s", paramLabel = "DIR",
            description = "Write the experiment as Kubernetes + Chaos Mesh manifests into DIR instead of running it "
                    + "(StatefulSets, the workload Job, one Chaos Mesh object per nemesis, a Schedule and a Workflow; "
                    + "see chaos/README.md). Validated before writing.")
    Path emitK8s;

    @Mixin
    RunIdOption runId = new RunIdOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Public no-arg constructor for picocli. */
    public ChaosCommand() {
    }

    @Override
    public Integer call() throws Exception {
        long s = seed != null ? seed : System.nanoTime() & 0xffffff;
        if (emitK8s != null) {
            return emitK8s(s);
        }
        ChaosOptions o;
        ResultsWriter writer;
        try {
            writer = ResultsWriter.create(out, runId.runId());
            o = new ChaosOptions(backend.trim().toLowerCase(java.util.Locale.ROOT), ChaosOptions.list(workload),
                    ChaosOptions.list(nemesis), target.trim().toLowerCase(java.util.Locale.ROOT),
                    ChaosOptions.parseDuration("--time", time), rate, clients, s, minRate, maxOps, latency, jitter,
                    loss, clockOffset, writer.dir(), partitionImpl.trim().toLowerCase(java.util.Locale.ROOT), members,
                    reads.trim().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("dsbench: " + e.getMessage());
            return 2;
        }
        System.out.println("dsbench chaos " + writer.runId() + " (seed " + s + ")");
        Instant started = Instant.now();
        PrintWriter stdout = new PrintWriter(System.out, true);
        ChaosRunner runner = new ChaosRunner(o, System.out);
        List<ChaosResult> results;
        try {
            results = runner.run();
        } catch (io.dsbench.spec.BackendException e) {
            System.err.println("dsbench: chaos could not run against " + backend + ": " + e.getMessage());
            Reporting.finish(writer, spec, started, 1, backendInfos(o.backend(), runner.deployments()), stdout);
            return 1;
        }
        List<RunRecord.BackendInfo> infos = backendInfos(o.backend(), runner.deployments());
        boolean all = results.stream().allMatch(ChaosResult::matchesExpectation);
        System.out.println();
        for (ChaosResult r : results) {
            System.out.printf("%-40s %-20s %s%n", r.dir().getFileName(), r.verdict(),
                    r.matchesExpectation() ? "as expected" : "NOT as expected");
        }
        int exit = all ? 0 : 1;
        Reporting.finish(writer, spec, started, exit, infos, stdout);
        return exit;
    }

    /**
     * The chaos backend (e.g. {@code redis-sentinel}) with the server version and topology of the deployment it
     * started, from the servers' backend's description (e.g. {@code redis 7.0.15 sentinel ...}).
     */
    static List<RunRecord.BackendInfo> backendInfos(String backend, List<String> deployments) {
        if (deployments.isEmpty()) {
            return List.of(RunRecord.BackendInfo.of(backend, null));
        }
        String d = deployments.get(deployments.size() - 1);
        String server = d.split("\\s+", 2)[0];
        RunRecord.BackendInfo i = RunRecord.BackendInfo.of(server, d);
        return List.of(new RunRecord.BackendInfo(backend, i.serverVersion(), i.topology(), i.description()));
    }

    private int emitK8s(long s) {
        try {
            List<String> workloads = ChaosOptions.list(workload);
            if (workloads.size() != 1) {
                throw new IllegalArgumentException("--emit-k8s writes one experiment: give one --workload, not " + workloads);
            }
            List<java.nio.file.Path> files = io.dsbench.chaos.k8s.K8sManifests.emit(backend.trim().toLowerCase(java.util.Locale.ROOT),
                    workloads.get(0), ChaosOptions.list(nemesis), ChaosOptions.parseDuration("--time", time),
                    (int) Math.round(rate), clients, s, emitK8s);
            System.out.println("dsbench chaos: wrote " + files.size() + " manifests under " + emitK8s
                    + " (validated against the Chaos Mesh model; apply order and steps: chaos/README.md)");
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("dsbench: " + e.getMessage());
            return 2;
        } catch (java.io.UncheckedIOException e) {
            System.err.println("dsbench: --emit-k8s " + emitK8s + ": cannot write there (" + e.getMessage() + ")");
            return 2;
        }
    }
}
