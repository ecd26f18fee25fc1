package io.dsbench.chaos.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes an experiment of {@code ./dsbench chaos} as Kubernetes + Chaos Mesh manifests ({@code --emit-k8s DIR}),
 * built with the fabric8 models ({@code io.fabric8:chaosmesh-model} and the kubernetes model) and written as YAML:
 * <pre>
 * DIR/setup/00-namespace.yaml   the dsbench namespace
 * DIR/setup/10-cluster.yaml     the backend's StatefulSets and headless Services
 * DIR/setup/20-workload.yaml    the results PersistentVolumeClaim and the Job running ./dsbench chaos
 * DIR/workflow.yaml             every nemesis once, timed to the Job (Chaos Mesh Workflow)
 * DIR/schedule.yaml             the first nemesis repeated (Chaos Mesh Schedule; instead of the Workflow)
 * DIR/faults/NEMESIS.yaml       each nemesis's chaos alone, with a duration (kubectl apply by hand)
 * DIR/faults/stress.yaml        a StressChaos on one server (optional background load)
 * </pre>
 * The committed {@code chaos/k8s/etcd} and {@code chaos/k8s/redis-sentinel} are {@link #DEFAULTS} as emitted; a test
 * keeps them in sync. Every emitted manifest passes {@link ManifestValidator}.
 */
public final class K8sManifests {
    /** The documented default experiments, by the directory under {@code chaos/k8s} they are committed in. */
    public static final Map<String, Experiment> DEFAULTS;

    static {
        Map<String, Experiment> d = new LinkedHashMap<>();
        d.put("etcd", new Experiment("etcd", "register", Experiment.NEMESES, Duration.ofSeconds(300), 100, 5, 42));
        d.put("redis-sentinel",
                new Experiment("redis-sentinel", "set", Experiment.NEMESES, Duration.ofSeconds(300), 100, 5, 42));
        DEFAULTS = java.util.Collections.unmodifiableMap(d);
    }

    private K8sManifests() {
    }

    /**
     * Writes the manifests of one experiment under {@code dir} (created if missing; files there are overwritten).
     *
     * @param backend  etcd, redis or redis-sentinel
     * @param workload register, set, lock, idempotency, registry, saga or 2pc
     * @param nemeses  one or more of kill, pause, partition, packet, clock (distinct), in the order they run
     * @param time     the workload's run time: whole seconds, 30 s to 24 h
     * @param rate     operations per second, at least 1
     * @param clients  clients, at least 1
     * @param seed     the workload's seed
     * @param dir      the output directory
     * @return the written files, in the order to read (and apply) them
     * @throws IllegalArgumentException an unknown name or a bad number, with what was wrong and what is allowed
     * @throws UncheckedIOException     a file could not be written
     * @throws IllegalStateException    the generated manifests fail {@link ManifestValidator} (a generator bug; then
     *                                  nothing is written)
     */
    public static List<Path> emit(String backend, String workload, List<String> nemeses, Duration time, int rate,
            int clients, long seed, Path dir) {
        Objects.requireNonNull(dir, "dir");
        Experiment e = new Experiment(backend, workload, nemeses, time, rate, clients, seed);
        Map<String, String> files = render(e);
        List<Problem> problems = new ArrayList<>();
        files.forEach((name, text) -> problems.addAll(ManifestValidator.validate(name, text)));
        if (!problems.isEmpty()) {
            // a generator bug, never the caller's: nothing is written
            throw new IllegalStateException("the generated manifests do not validate:\n"
                    + ManifestValidator.describe(problems));
        }
        List<Path> written = new ArrayList<>();
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = dir.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
                written.add(p);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the manifests under " + dir + ": " + ex.getMessage(), ex);
        }
        return written;
    }

    /** Every file of an experiment: relative path ({@code /}-separated) to its YAML text, in reading order. */
    public static Map<String, String> render(Experiment e) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("setup/00-namespace.yaml", file(e, List.of(
                "The namespace every dsbench object lives in."), List.of(ClusterManifests.namespace())));
        files.put("setup/10-cluster.yaml", file(e, clusterText(e.backend()), ClusterManifests.build(e.backend())));
        files.put("setup/20-workload.yaml", file(e, List.of(
                "The workload: a PersistentVolumeClaim for results/ and a Job running, in the dsbench image",
                "(chaos/k8s/Dockerfile):",
                "  ./dsbench " + String.join(" ", WorkloadManifests.args(e)),
                "Apply it together with workflow.yaml (or schedule.yaml): the faults come from Chaos Mesh."),
                WorkloadManifests.build(e)));
        files.put("workflow.yaml", file(e, List.of(
                "Chaos Mesh Workflow: before " + e.beforeSeconds() + "s, then per nemesis its fault for "
                        + e.faultSeconds() + "s and a heal pause of " + e.healSeconds() + "s, then after "
                        + e.afterSeconds() + "s;",
                "the same time line as the Job's run of " + e.seconds() + "s. Apply right after setup/20-workload.yaml."),
                List.of(WorkflowManifests.workflow(e))));
        files.put("schedule.yaml", file(e, List.of(
                "Chaos Mesh Schedule: the first nemesis (" + e.nemeses().get(0) + ") every " + e.slotSeconds()
                        + "s until deleted; use instead of workflow.yaml for a soak run."),
                List.of(WorkflowManifests.schedule(e))));
        for (String nemesis : e.nemeses()) {
            files.put("faults/" + nemesis + ".yaml", file(e, List.of(
                    "The '" + nemesis + "' nemesis alone (kubectl apply to start it; it ends after its duration, or",
                    "kubectl delete to end it early)."), ChaosManifests.standalone(nemesis, e)));
        }
        files.put("faults/stress.yaml", file(e, List.of(
                "Optional background load: CPU and memory stress on one server for the faults' window."),
                List.of(ChaosManifests.stress(e))));
        return files;
    }

    private static List<String> clusterText(String backend) {
        return switch (backend) {
            case "etcd" -> List.of("etcd, 3 members (" + ClusterManifests.ETCD_IMAGE + "), each with its own volume;"
                    + " clients use", "  " + ClusterManifests.endpoint(backend));
            case "redis" -> List.of("Redis primary (dsbench-redis-0) + 2 replicas (" + ClusterManifests.REDIS_IMAGE
                    + "), asynchronous replication; clients use", "  " + ClusterManifests.endpoint(backend));
            default -> List.of("Redis primary (dsbench-redis-0) + 2 replicas + 3 Sentinels (" + ClusterManifests.REDIS_IMAGE
                    + "); clients ask the Sentinels for the primary:", "  " + ClusterManifests.endpoint(backend));
        };
    }

    private static String file(Experiment e, List<String> about, List<? extends HasMetadata> objects) {
        List<String> header = new ArrayList<>();
        header.add("Generated by io.dsbench.chaos.k8s.K8sManifests (./dsbench chaos --emit-k8s DIR) for");
        header.add("  " + e.flags());
        header.addAll(about);
        return Yaml.write(header, objects);
    }
}
