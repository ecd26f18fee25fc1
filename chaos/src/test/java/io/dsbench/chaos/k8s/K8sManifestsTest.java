package io.dsbench.chaos.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generator: the committed {@code chaos/k8s} manifests are exactly what {@link K8sManifests#emit} writes for the
 * documented defaults, every emitted manifest validates, the required kinds are all there, the workflow's time line
 * adds up to the workload's run time, and bad arguments are refused by name.
 *
 * <p>To regenerate the committed files after changing the generator:
 * {@code mvn -o -pl chaos -am test -Dtest=K8sManifestsTest -Dsurefire.failIfNoSpecifiedTests=false -Ddsbench.k8s.regenerate=true}.
 */
class K8sManifestsTest {
    private static final Path COMMITTED = Path.of(System.getProperty("basedir", "."), "k8s");

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void theCommittedManifestsAreWhatEmitWritesForTheDefaults(@TempDir Path tmp) throws IOException {
        boolean regenerate = Boolean.getBoolean("dsbench.k8s.regenerate");
        for (Map.Entry<String, Experiment> d : K8sManifests.DEFAULTS.entrySet()) {
            Experiment e = d.getValue();
            Path committed = COMMITTED.resolve(d.getKey());
            Path target = regenerate ? committed : tmp.resolve(d.getKey());
            if (regenerate) {
                for (Path old : Files.isDirectory(committed) ? yamlFiles(committed) : List.<Path>of()) {
                    Files.delete(old);
                }
            }
            List<Path> written = K8sManifests.emit(e.backend(), e.workload(), e.nemeses(), e.time(), e.rate(),
                    e.clients(), e.seed(), target);
            Set<String> emittedNames = new TreeSet<>();
            for (Path p : written) {
                String rel = target.relativize(p).toString().replace('\\', '/');
                emittedNames.add(rel);
                Path c = committed.resolve(rel);
                assertThat(c).as("%s is emitted but not committed (regenerate: see this class's javadoc)", c).exists();
                assertThat(Files.readString(c, StandardCharsets.UTF_8))
                        .as("%s differs from what emit writes (regenerate: see this class's javadoc)", c)
                        .isEqualTo(Files.readString(p, StandardCharsets.UTF_8));
            }
            Set<String> committedNames = yamlFiles(committed).stream()
                    .map(p -> committed.relativize(p).toString().replace('\\', '/')).collect(Collectors.toCollection(TreeSet::new));
            assertThat(committedNames).as("YAML files under %s that emit no longer writes", committed)
                    .isEqualTo(emittedNames);
        }
    }

    @Test
    void everyCommittedManifestValidatesAndEveryRequiredKindIsThere() throws IOException {
        List<Problem> problems = ManifestValidator.validateTree(COMMITTED);
        assertThat(problems).as(ManifestValidator.describe(problems)).isEmpty();

        Set<String> found = new TreeSet<>();
        for (Path f : yamlFiles(COMMITTED)) {
            for (JsonNode doc : Yaml.readAll(Files.readString(f))) {
                String kind = doc.get("kind").asText();
                JsonNode action = doc.path("spec").path("action");
                found.add(action.isMissingNode() ? kind : kind + "/" + action.asText());
                if (kind.equals("StatefulSet")) {
                    found.add("StatefulSet/" + doc.get("metadata").get("name").asText());
                }
            }
        }
        assertThat(found).contains("Namespace", "Service", "PersistentVolumeClaim", "Job",
                "StatefulSet/dsbench-etcd", "StatefulSet/dsbench-redis", "StatefulSet/dsbench-sentinel",
                "PodChaos/pod-kill", "PodChaos/container-kill", "PodChaos/pod-failure",
                "NetworkChaos/partition", "NetworkChaos/delay", "NetworkChaos/loss",
                "TimeChaos", "StressChaos", "Schedule", "Workflow");
    }

    static Stream<List<String>> nemesisLists() {
        List<List<String>> lists = new ArrayList<>();
        for (String n : Experiment.NEMESES) {
            lists.add(List.of(n));
        }
        lists.add(List.of("clock", "packet", "partition", "pause", "kill"));
        return lists.stream();
    }

    @ParameterizedTest
    @MethodSource("nemesisLists")
    void everyBackendAndNemesisEmitsValidManifests(List<String> nemeses, @TempDir Path tmp) throws IOException {
        for (String backend : Experiment.BACKENDS) {
            Path dir = tmp.resolve(backend);
            List<Path> written = K8sManifests.emit(backend, "register", nemeses, Duration.ofSeconds(60), 10, 2, 7, dir);
            assertThat(written).allSatisfy(p -> assertThat(p).startsWith(dir).isRegularFile());
            assertThat(written.stream().map(p -> dir.relativize(p).toString().replace('\\', '/')))
                    .contains("setup/00-namespace.yaml", "setup/10-cluster.yaml", "setup/20-workload.yaml",
                            "workflow.yaml", "schedule.yaml", "faults/stress.yaml")
                    .containsAll(nemeses.stream().map(n -> "faults/" + n + ".yaml").collect(Collectors.toList()));
            List<Problem> problems = ManifestValidator.validateTree(dir);
            assertThat(problems).as(backend + " " + nemeses + ":\n" + ManifestValidator.describe(problems)).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource({"30, 1", "30, 5", "61, 3", "300, 5", "86400, 2", "97, 4"})
    void theWorkflowTimeLineAddsUpToTheRunTime(int seconds, int nemeses) throws IOException {
        List<String> list = Experiment.NEMESES.subList(0, nemeses);
        Experiment e = new Experiment("etcd", "register", list, Duration.ofSeconds(seconds), 10, 1, 1);
        JsonNode spec = Yaml.readAll(K8sManifests.render(e).get("workflow.yaml")).get(0).get("spec");
        Map<String, JsonNode> templates = new HashMap<>();
        spec.get("templates").forEach(t -> templates.put(t.get("name").asText(), t));
        long total = length(templates.get(spec.get("entry").asText()), templates);
        assertThat(total).isEqualTo(seconds);
        assertThat(e.faultSeconds()).isGreaterThanOrEqualTo(2);
        assertThat(e.afterSeconds()).isGreaterThanOrEqualTo(e.beforeSeconds());
    }

    /** How long a template runs: its deadline, or its children's sum (Serial) or maximum (Parallel). */
    private static long length(JsonNode t, Map<String, JsonNode> templates) {
        String type = t.get("templateType").asText();
        if (type.equals("Serial") || type.equals("Parallel")) {
            List<Long> children = new ArrayList<>();
            t.get("children").forEach(c -> children.add(length(templates.get(c.asText()), templates)));
            return type.equals("Serial") ? children.stream().mapToLong(Long::longValue).sum()
                    : children.stream().mapToLong(Long::longValue).max().orElse(0);
        }
        return GoDuration.parse(t.get("deadline").asText()).value().orElseThrow().getSeconds();
    }

    @Test
    void theJobRunsTheExperimentAgainstTheClusterEndpoint() throws IOException {
        Experiment e = new Experiment("redis-sentinel", "set", List.of("partition"), Duration.ofSeconds(120), 50, 3, 9);
        JsonNode job = Yaml.readAll(K8sManifests.render(e).get("setup/20-workload.yaml")).get(1);
        List<String> args = new ArrayList<>();
        job.at("/spec/template/spec/containers/0/args").forEach(a -> args.add(a.asText()));
        assertThat(String.join(" ", args)).isEqualTo("chaos --backend redis-sentinel --endpoint "
                + "redis-sentinel://dsbench-sentinel-0.dsbench-sentinel:26379#mymaster,"
                + "redis-sentinel://dsbench-sentinel-1.dsbench-sentinel:26379#mymaster,"
                + "redis-sentinel://dsbench-sentinel-2.dsbench-sentinel:26379#mymaster"
                + " --workload set --nemesis none --time 120s --rate 50 --clients 3 --seed 9");
        assertThat(job.at("/spec/template/spec/containers/0/volumeMounts/0/mountPath").asText())
                .isEqualTo("/dsbench/results");
        assertThat(job.at("/spec/template/spec/volumes/0/persistentVolumeClaim/claimName").asText())
                .isEqualTo("dsbench-results");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "zookeeper|register|kill|60|10|1|backend 'zookeeper' has no Kubernetes deployment; use one of etcd, redis, redis-sentinel",
        "etcd|bank|kill|60|10|1|unknown workload 'bank'",
        "etcd|register|kill,flood|60|10|1|unknown nemesis 'flood'; use one or more of kill, pause, partition, packet, clock",
        "etcd|register|kill,kill|60|10|1|nemesis 'kill' is given twice",
        "etcd|register|kill|10|10|1|time PT10S must be whole seconds from 30s to 24h",
        "etcd|register|kill|90000|10|1|time PT25H must be whole seconds from 30s to 24h",
        "etcd|register|kill|60|0|1|rate 0 must be at least 1",
        "etcd|register|kill|60|10|0|clients 0 must be at least 1"
    })
    void badArgumentsAreRefusedByName(String backend, String workload, String nemeses, int seconds, int rate,
            int clients, String message, @TempDir Path tmp) {
        assertThatThrownBy(() -> K8sManifests.emit(backend, workload, List.of(nemeses.split(",")),
                Duration.ofSeconds(seconds), rate, clients, 1, tmp))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
        assertThat(tmp.toFile().list()).as("nothing written").isEmpty();
    }

    @Test
    void anEmptyNemesisListIsRefused(@TempDir Path tmp) {
        assertThatThrownBy(() -> K8sManifests.emit("etcd", "register", List.of(), Duration.ofSeconds(60), 1, 1, 1, tmp))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no nemesis given");
    }

    @Test
    void aTimeWithAFractionOfASecondIsRefused(@TempDir Path tmp) {
        assertThatThrownBy(() -> K8sManifests.emit("etcd", "register", List.of("kill"), Duration.ofMillis(60_500), 1, 1,
                1, tmp)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
    }
}
