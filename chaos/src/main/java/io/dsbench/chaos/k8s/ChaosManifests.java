package io.dsbench.chaos.k8s;

import io.fabric8.chaosmesh.v1alpha1.CPUStressor;
import io.fabric8.chaosmesh.v1alpha1.DelaySpec;
import io.fabric8.chaosmesh.v1alpha1.LossSpec;
import io.fabric8.chaosmesh.v1alpha1.MemoryStressor;
import io.fabric8.chaosmesh.v1alpha1.NetworkChaos;
import io.fabric8.chaosmesh.v1alpha1.NetworkChaosSpec;
import io.fabric8.chaosmesh.v1alpha1.PodChaos;
import io.fabric8.chaosmesh.v1alpha1.PodChaosSpec;
import io.fabric8.chaosmesh.v1alpha1.PodSelector;
import io.fabric8.chaosmesh.v1alpha1.PodSelectorSpec;
import io.fabric8.chaosmesh.v1alpha1.StressChaos;
import io.fabric8.chaosmesh.v1alpha1.StressChaosSpec;
import io.fabric8.chaosmesh.v1alpha1.Stressors;
import io.fabric8.chaosmesh.v1alpha1.TimeChaos;
import io.fabric8.chaosmesh.v1alpha1.TimeChaosSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local nemeses as Chaos Mesh chaos specs. Chaos Mesh knows no leader or primary, so where the local nemesis
 * aims at "the primary" these aim at the member that starts as one ({@code dsbench-redis-0}; after a failover the
 * primary may be elsewhere), and at a random member otherwise:
 * <ul>
 *   <li>{@code kill}: PodChaos {@code pod-kill} (the pod is deleted and recreated: a process kill plus restart) and
 *       {@code container-kill} of the server container (the container restarts in the same pod);</li>
 *   <li>{@code pause}: PodChaos {@code pod-failure}: Chaos Mesh has no SIGSTOP; pod-failure swaps the container's
 *       image for a pause image for the fault's time, so the member stops answering like a paused process, but it is
 *       restarted afterwards (memory lost, volumes kept) where SIGCONT would resume it;</li>
 *   <li>{@code partition}: NetworkChaos {@code partition}, both directions, cutting the first member (etcd-0, the Redis
 *       primary) off from every other server (the Sentinels too) while the workload still reaches it: the Jepsen
 *       2013 Redis scenario;</li>
 *   <li>{@code packet}: NetworkChaos {@code delay} (latency and jitter) and {@code loss} on the workload's links to
 *       the servers, as the local fault-injecting proxy does on client links;</li>
 *   <li>{@code clock}: TimeChaos shifting the workload container's {@code CLOCK_REALTIME} (the suite's clients and
 *       patterns read wall time there; monotonic time is untouched); Chaos Mesh has no strobe.</li>
 * </ul>
 * Every spec names its namespace in its selector. Specs made for a Workflow carry no {@code duration} (the template's
 * deadline bounds them); standalone ones carry the fault's duration where the action lasts.
 */
final class ChaosManifests {
    /** One chaos of a nemesis: its name (also its workflow template name), kind and spec. */
    record Step(String name, String kind, Object spec) {
    }

    static final String LATENCY = "50ms";
    static final String JITTER = "10ms";
    static final String LOSS_PERCENT = "10";
    static final String CORRELATION = "25";
    static final String CLOCK_OFFSET = "-30s";

    private ChaosManifests() {
    }

    /** The chaos steps of one nemesis; {@code duration} (Go syntax) or null for a workflow step. */
    static List<Step> steps(String nemesis, String backend, String duration) {
        String members = ClusterManifests.members(backend);
        boolean redis = !backend.equals("etcd");
        return switch (nemesis) {
            case "kill" -> {
                PodChaosSpec containerKill = pod("container-kill", labelled(members), "one", null, null);
                containerKill.setContainerNames(List.of(ClusterManifests.memberContainer(backend)));
                yield List.of(
                        new Step("kill-pod", "PodChaos", pod("pod-kill", redis ? firstMember(backend) : labelled(members),
                                redis ? "all" : "one", null, null)),
                        new Step("kill-container", "PodChaos", containerKill));
            }
            case "pause" -> List.of(new Step("pause", "PodChaos", redis
                    ? pod("pod-failure", firstMember(backend), "all", null, duration)
                    : pod("pod-failure", labelled(members), "fixed", "1", duration)));
            case "partition" -> List.of(new Step("partition", "NetworkChaos", partition(backend, duration)));
            case "packet" -> List.of(
                    new Step("packet-delay", "NetworkChaos", clientLinks("delay", duration)),
                    new Step("packet-loss", "NetworkChaos", clientLinks("loss", duration)));
            case "clock" -> List.of(new Step("clock", "TimeChaos", clock(duration)));
            default -> throw new IllegalArgumentException("unknown nemesis '" + nemesis + "'");
        };
    }

    /** Standalone chaos objects of one nemesis, for {@code kubectl apply} one at a time. */
    static List<HasMetadata> standalone(String nemesis, Experiment e) {
        String duration = GoDuration.seconds(e.faultSeconds());
        List<HasMetadata> out = new ArrayList<>();
        for (Step s : steps(nemesis, e.backend(), duration)) {
            out.add(wrap(s, "dsbench-" + s.name()));
        }
        return out;
    }

    /** A CPU and memory stressor on one server for the faults' whole window (the local suite's stress-ng runs). */
    static StressChaos stress(Experiment e) {
        StressChaosSpec s = new StressChaosSpec();
        s.setSelector(selector(Map.of(ClusterManifests.ROLE_LABEL, "server"), null));
        s.setMode("one");
        CPUStressor cpu = new CPUStressor();
        cpu.setWorkers(1);
        cpu.setLoad(80);
        MemoryStressor memory = new MemoryStressor();
        memory.setWorkers(1);
        memory.setSize("128MB");
        Stressors stressors = new Stressors();
        stressors.setCpu(cpu);
        stressors.setMemory(memory);
        s.setStressors(stressors);
        s.setDuration(GoDuration.seconds(e.slotSeconds() * e.nemeses().size()));
        StressChaos c = new StressChaos();
        c.setMetadata(ClusterManifests.meta("dsbench-stress", ClusterManifests.labels("dsbench-stress", "chaos")));
        c.setSpec(s);
        return c;
    }

    static HasMetadata wrap(Step s, String name) {
        var meta = ClusterManifests.meta(name, ClusterManifests.labels(name, "chaos"));
        switch (s.kind()) {
            case "PodChaos" -> {
                PodChaos c = new PodChaos();
                c.setMetadata(meta);
                c.setSpec((PodChaosSpec) s.spec());
                return c;
            }
            case "NetworkChaos" -> {
                NetworkChaos c = new NetworkChaos();
                c.setMetadata(meta);
                c.setSpec((NetworkChaosSpec) s.spec());
                return c;
            }
            case "TimeChaos" -> {
                TimeChaos c = new TimeChaos();
                c.setMetadata(meta);
                c.setSpec((TimeChaosSpec) s.spec());
                return c;
            }
            default -> throw new IllegalStateException("no standalone form for " + s.kind());
        }
    }

    /** A PodChaos spec; only pod-failure lasts, so only it takes the duration. */
    private static PodChaosSpec pod(String action, PodSelectorSpec selector, String mode, String value, String duration) {
        PodChaosSpec s = new PodChaosSpec();
        s.setAction(action);
        s.setSelector(selector);
        s.setMode(mode);
        s.setValue(value);
        s.setDuration(action.equals("pod-failure") ? duration : null);
        return s;
    }

    private static NetworkChaosSpec partition(String backend, String duration) {
        NetworkChaosSpec s = new NetworkChaosSpec();
        s.setAction("partition");
        s.setSelector(firstMember(backend));
        s.setMode("all");
        s.setDirection("both");
        PodSelector target = new PodSelector();
        target.setSelector(selector(null, ClusterManifests.peersOfFirst(backend)));
        target.setMode("all");
        s.setTarget(target);
        s.setDuration(duration);
        return s;
    }

    private static NetworkChaosSpec clientLinks(String action, String duration) {
        NetworkChaosSpec s = new NetworkChaosSpec();
        s.setAction(action);
        s.setSelector(labelled(ClusterManifests.WORKLOAD));
        s.setMode("all");
        s.setDirection("to");
        PodSelector target = new PodSelector();
        target.setSelector(selector(Map.of(ClusterManifests.ROLE_LABEL, "server"), null));
        target.setMode("all");
        s.setTarget(target);
        if (action.equals("delay")) {
            DelaySpec d = new DelaySpec();
            d.setLatency(LATENCY);
            d.setJitter(JITTER);
            d.setCorrelation(CORRELATION);
            s.setDelay(d);
        } else {
            LossSpec l = new LossSpec();
            l.setLoss(LOSS_PERCENT);
            l.setCorrelation(CORRELATION);
            s.setLoss(l);
        }
        s.setDuration(duration);
        return s;
    }

    private static TimeChaosSpec clock(String duration) {
        TimeChaosSpec s = new TimeChaosSpec();
        s.setSelector(labelled(ClusterManifests.WORKLOAD));
        s.setMode("all");
        s.setContainerNames(List.of("dsbench"));
        s.setTimeOffset(CLOCK_OFFSET);
        s.setClockIds(List.of("CLOCK_REALTIME"));
        s.setDuration(duration);
        return s;
    }

    private static PodSelectorSpec labelled(String name) {
        return selector(Map.of(ClusterManifests.NAME_LABEL, name), null);
    }

    private static PodSelectorSpec firstMember(String backend) {
        return selector(null, List.of(ClusterManifests.members(backend) + "-0"));
    }

    private static PodSelectorSpec selector(Map<String, String> labels, List<String> pods) {
        PodSelectorSpec s = new PodSelectorSpec();
        s.setNamespaces(List.of(ClusterManifests.NAMESPACE));
        if (labels != null) {
            s.setLabelSelectors(labels);
        }
        if (pods != null) {
            s.setPods(Map.of(ClusterManifests.NAMESPACE, pods));
        }
        return s;
    }
}
