package io.dsbench.chaos.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;

/**
 * The workload: a Job running {@code ./dsbench chaos} from the dsbench image (built from {@code chaos/k8s/Dockerfile})
 * against the cluster's endpoint, writing {@code results/<run-id>/...} onto a PersistentVolumeClaim so the history,
 * {@code result.json} and the timeline outlive the pod. The faults come from Chaos Mesh, so the run itself injects
 * none ({@code --nemesis none}); the Job runs once ({@code backoffLimit: 0}): a retried run would be a second
 * experiment writing a second run directory.
 */
final class WorkloadManifests {
    static final String IMAGE = "dsbench:0.1.0";
    static final String RESULTS_CLAIM = "dsbench-results";
    /** The container's working directory: {@code ./dsbench} is there and {@code results/} is the volume. */
    static final String WORKDIR = "/dsbench";
    /** Time left after the run for checking the history and writing the results before the Job is stopped. */
    private static final long CHECK_ALLOWANCE_SECONDS = 900;

    private WorkloadManifests() {
    }

    /** The arguments of {@code ./dsbench} in the Job. */
    static List<String> args(Experiment e) {
        return List.of("chaos", "--backend", e.backend(), "--endpoint", ClusterManifests.endpoint(e.backend()),
                "--workload", e.workload(), "--nemesis", "none",
                "--time", e.seconds() + "s", "--rate", String.valueOf(e.rate()),
                "--clients", String.valueOf(e.clients()), "--seed", String.valueOf(e.seed()));
    }

    static List<HasMetadata> build(Experiment e) {
        PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder()
                .withMetadata(ClusterManifests.meta(RESULTS_CLAIM, ClusterManifests.labels(RESULTS_CLAIM, "results")))
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
                .build();
        Container c = new ContainerBuilder().withName("dsbench").withImage(IMAGE).withImagePullPolicy("IfNotPresent")
                .withWorkingDir(WORKDIR).withCommand("./dsbench").withArgs(args(e))
                .addNewEnv().withName("DSBENCH_JAVA_OPTS").withValue("-XX:MaxRAMPercentage=75").endEnv()
                .addNewVolumeMount().withName("results").withMountPath(WORKDIR + "/results").endVolumeMount()
                .withNewResources().addToRequests("cpu", new Quantity("500m"))
                .addToRequests("memory", new Quantity("512Mi")).addToLimits("memory", new Quantity("1Gi"))
                .endResources()
                .build();
        Job job = new JobBuilder()
                .withMetadata(ClusterManifests.meta(ClusterManifests.WORKLOAD,
                        ClusterManifests.labels(ClusterManifests.WORKLOAD, "client")))
                .withNewSpec().withBackoffLimit(0)
                .withActiveDeadlineSeconds(e.seconds() + CHECK_ALLOWANCE_SECONDS)
                .withNewTemplate().withNewMetadata()
                .withLabels(ClusterManifests.labels(ClusterManifests.WORKLOAD, "client")).endMetadata()
                .withNewSpec().withRestartPolicy("Never").withContainers(c)
                .addNewVolume().withName("results").withNewPersistentVolumeClaim().withClaimName(RESULTS_CLAIM)
                .endPersistentVolumeClaim().endVolume()
                .endSpec().endTemplate().endSpec()
                .build();
        return List.of(claim, job);
    }
}
