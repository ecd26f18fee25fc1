package io.dsbench.chaos.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The servers on Kubernetes, as the local launchers start them: etcd with 3 members (a StatefulSet whose members
 * know each other by their stable DNS names, data on a PersistentVolumeClaim per member so a killed pod comes back
 * as the same member); Redis primary + 2 replicas ({@code dsbench-redis-0} starts as the primary), and for
 * {@code redis-sentinel} 3 Sentinels monitoring it as {@code mymaster}. Each StatefulSet has a headless Service that
 * publishes not-ready members too, so peers find each other while starting and during faults.
 */
final class ClusterManifests {
    static final String NAMESPACE = "dsbench";
    static final String ETCD = "dsbench-etcd";
    static final String REDIS = "dsbench-redis";
    static final String SENTINEL = "dsbench-sentinel";
    static final String WORKLOAD = "dsbench-workload";
    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final String PART_OF_LABEL = "app.kubernetes.io/part-of";
    /** {@code server} on every server pod (etcd, Redis, Sentinel), {@code client} on the workload's pod. */
    static final String ROLE_LABEL = "dsbench.io/role";
    static final String ETCD_IMAGE = "gcr.io/etcd-development/etcd:v3.5.17";
    static final String REDIS_IMAGE = "redis:7.0.15";
    static final String MASTER_NAME = "mymaster";
    private static final int MEMBERS = 3;

    private ClusterManifests() {
    }

    static Map<String, String> labels(String name, String role) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(NAME_LABEL, name);
        m.put(PART_OF_LABEL, "dsbench");
        m.put(ROLE_LABEL, role);
        return m;
    }

    static ObjectMeta meta(String name, Map<String, String> labels) {
        return new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).withLabels(labels).build();
    }

    static Namespace namespace() {
        return new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
                .withLabels(Map.of(PART_OF_LABEL, "dsbench")).endMetadata().build();
    }

    /** The StatefulSet whose members the nemeses target: {@code dsbench-etcd} or {@code dsbench-redis}. */
    static String members(String backend) {
        return backend.equals("etcd") ? ETCD : REDIS;
    }

    /** The server container's name in a member pod (for container-kill). */
    static String memberContainer(String backend) {
        return backend.equals("etcd") ? "etcd" : "redis";
    }

    /** Pod names of a StatefulSet's members. */
    static List<String> pods(String statefulSet) {
        return IntStream.range(0, MEMBERS).mapToObj(i -> statefulSet + "-" + i).collect(Collectors.toList());
    }

    /** Every server pod but the first member: what a partition cuts the first member (etcd-0, the Redis primary) off from. */
    static List<String> peersOfFirst(String backend) {
        List<String> peers = new ArrayList<>(pods(members(backend)).subList(1, MEMBERS));
        if (backend.equals("redis-sentinel")) {
            peers.addAll(pods(SENTINEL));
        }
        return peers;
    }

    /** The {@code --endpoint} the workload uses: every etcd member, the Redis primary, or every Sentinel. */
    static String endpoint(String backend) {
        return switch (backend) {
            case "etcd" -> pods(ETCD).stream().map(p -> "http://" + p + "." + ETCD + ":2379").collect(Collectors.joining(","));
            case "redis" -> "redis://" + REDIS + "-0." + REDIS + ":6379/0";
            default -> pods(SENTINEL).stream().map(p -> "redis-sentinel://" + p + "." + SENTINEL + ":26379#" + MASTER_NAME)
                    .collect(Collectors.joining(","));
        };
    }

    /** Services and StatefulSets of the backend's servers. */
    static List<HasMetadata> build(String backend) {
        List<HasMetadata> out = new ArrayList<>();
        if (backend.equals("etcd")) {
            out.add(headless(ETCD, Map.of("client", 2379, "peer", 2380)));
            out.add(etcd());
            return out;
        }
        out.add(headless(REDIS, Map.of("redis", 6379)));
        out.add(redis());
        if (backend.equals("redis-sentinel")) {
            out.add(headless(SENTINEL, Map.of("sentinel", 26379)));
            out.add(sentinel());
        }
        return out;
    }

    private static Service headless(String name, Map<String, Integer> ports) {
        ServiceBuilder b = new ServiceBuilder().withMetadata(meta(name, labels(name, "server")))
                .withNewSpec().withClusterIP("None").withPublishNotReadyAddresses(true)
                .withSelector(Map.of(NAME_LABEL, name)).endSpec();
        ports.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(p -> b.editSpec().addNewPort().withName(p.getKey()).withPort(p.getValue()).endPort().endSpec());
        return b.build();
    }

    private static EnvVar podName() {
        return new EnvVarBuilder().withName("POD_NAME").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endValueFrom().build();
    }

    private static StatefulSet etcd() {
        String cluster = pods(ETCD).stream().map(p -> p + "=http://" + p + "." + ETCD + ":2380")
                .collect(Collectors.joining(","));
        Container c = new ContainerBuilder().withName("etcd").withImage(ETCD_IMAGE)
                .withCommand("etcd")
                .withArgs("--name=$(POD_NAME)", "--data-dir=/var/lib/etcd/data",
                        "--listen-client-urls=http://0.0.0.0:2379",
                        "--advertise-client-urls=http://$(POD_NAME)." + ETCD + ":2379",
                        "--listen-peer-urls=http://0.0.0.0:2380",
                        "--initial-advertise-peer-urls=http://$(POD_NAME)." + ETCD + ":2380",
                        "--initial-cluster=" + cluster, "--initial-cluster-state=new",
                        "--initial-cluster-token=" + ETCD)
                .withEnv(podName())
                .addNewPort().withName("client").withContainerPort(2379).endPort()
                .addNewPort().withName("peer").withContainerPort(2380).endPort()
                .withReadinessProbe(new ProbeBuilder().withNewHttpGet().withPath("/health")
                        .withNewPort("client").endHttpGet().withPeriodSeconds(5).build())
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/etcd").endVolumeMount()
                .withNewResources().addToRequests("cpu", new Quantity("100m"))
                .addToRequests("memory", new Quantity("256Mi")).endResources()
                .build();
        return new StatefulSetBuilder().withMetadata(meta(ETCD, labels(ETCD, "server")))
                .withNewSpec().withServiceName(ETCD).withReplicas(MEMBERS).withPodManagementPolicy("Parallel")
                .withNewSelector().withMatchLabels(Map.of(NAME_LABEL, ETCD)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels(ETCD, "server")).endMetadata()
                .withNewSpec().withContainers(c).endSpec().endTemplate()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
                .endVolumeClaimTemplate()
                .endSpec().build();
    }

    private static Probe ping(int port) {
        return new ProbeBuilder().withNewExec().withCommand("redis-cli", "-p", String.valueOf(port), "ping").endExec()
                .withPeriodSeconds(5).build();
    }

    private static StatefulSet redis() {
        String common = "redis-server --port 6379 --protected-mode no --save '' --appendonly no"
                + " --replica-announce-ip \"$POD_NAME." + REDIS + "\"";
        String script = String.join("\n",
                "# " + REDIS + "-0 starts as the primary, the others as its replicas; after a failover the Sentinels",
                "# (redis-sentinel) reconfigure whichever member comes back.",
                "if [ \"${POD_NAME##*-}\" = 0 ]; then",
                "  exec " + common,
                "fi",
                "exec " + common + " --replicaof " + REDIS + "-0." + REDIS + " 6379",
                "");
        Container c = new ContainerBuilder().withName("redis").withImage(REDIS_IMAGE)
                .withCommand("sh", "-c", script).withEnv(podName())
                .addNewPort().withName("redis").withContainerPort(6379).endPort()
                .withReadinessProbe(ping(6379))
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
                .withNewResources().addToRequests("cpu", new Quantity("100m"))
                .addToRequests("memory", new Quantity("128Mi")).endResources()
                .build();
        return new StatefulSetBuilder().withMetadata(meta(REDIS, labels(REDIS, "server")))
                .withNewSpec().withServiceName(REDIS).withReplicas(MEMBERS).withPodManagementPolicy("Parallel")
                .withNewSelector().withMatchLabels(Map.of(NAME_LABEL, REDIS)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels(REDIS, "server")).endMetadata()
                .withNewSpec().withContainers(c).addNewVolume().withName("data").withNewEmptyDir().endEmptyDir()
                .endVolume().endSpec().endTemplate()
                .endSpec().build();
    }

    private static StatefulSet sentinel() {
        String primary = REDIS + "-0." + REDIS;
        String script = String.join("\n",
                "# Sentinel needs the primary's name to resolve when it starts, and a config file it may rewrite.",
                "until redis-cli -h " + primary + " -p 6379 ping; do sleep 1; done",
                "cat > /etc/sentinel/sentinel.conf <<EOF",
                "port 26379",
                "sentinel resolve-hostnames yes",
                "sentinel announce-hostnames yes",
                "sentinel announce-ip $POD_NAME." + SENTINEL,
                "sentinel monitor " + MASTER_NAME + " " + primary + " 6379 2",
                "sentinel down-after-milliseconds " + MASTER_NAME + " 5000",
                "sentinel failover-timeout " + MASTER_NAME + " 10000",
                "sentinel parallel-syncs " + MASTER_NAME + " 1",
                "EOF",
                "");
        Container init = new ContainerBuilder().withName("config").withImage(REDIS_IMAGE)
                .withCommand("sh", "-c", script).withEnv(podName())
                .addNewVolumeMount().withName("config").withMountPath("/etc/sentinel").endVolumeMount()
                .build();
        Container c = new ContainerBuilder().withName("sentinel").withImage(REDIS_IMAGE)
                .withCommand("redis-sentinel", "/etc/sentinel/sentinel.conf")
                .addNewPort().withName("sentinel").withContainerPort(26379).endPort()
                .withReadinessProbe(ping(26379))
                .addNewVolumeMount().withName("config").withMountPath("/etc/sentinel").endVolumeMount()
                .withNewResources().addToRequests("cpu", new Quantity("50m"))
                .addToRequests("memory", new Quantity("64Mi")).endResources()
                .build();
        return new StatefulSetBuilder().withMetadata(meta(SENTINEL, labels(SENTINEL, "server")))
                .withNewSpec().withServiceName(SENTINEL).withReplicas(MEMBERS).withPodManagementPolicy("Parallel")
                .withNewSelector().withMatchLabels(Map.of(NAME_LABEL, SENTINEL)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels(SENTINEL, "server")).endMetadata()
                .withNewSpec().withInitContainers(init).withContainers(c).addNewVolume().withName("config")
                .withNewEmptyDir().endEmptyDir().endVolume().endSpec().endTemplate()
                .endSpec().build();
    }
}
