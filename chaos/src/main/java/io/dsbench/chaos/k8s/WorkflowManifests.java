package io.dsbench.chaos.k8s;

import io.fabric8.chaosmesh.v1alpha1.NetworkChaosSpec;
import io.fabric8.chaosmesh.v1alpha1.PodChaosSpec;
import io.fabric8.chaosmesh.v1alpha1.Schedule;
import io.fabric8.chaosmesh.v1alpha1.ScheduleSpec;
import io.fabric8.chaosmesh.v1alpha1.Template;
import io.fabric8.chaosmesh.v1alpha1.TimeChaosSpec;
import io.fabric8.chaosmesh.v1alpha1.Workflow;
import io.fabric8.chaosmesh.v1alpha1.WorkflowSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The experiment's fault time line as a Chaos Mesh {@code Workflow} (one pass: a quiet {@code before}, then per
 * nemesis its fault for {@link Experiment#faultSeconds()} and a {@code heal-*} pause, then a quiet {@code after}), and
 * the first nemesis repeated by a {@code Schedule} (for soak runs: it goes on until deleted).
 */
final class WorkflowManifests {
    static final String WORKFLOW = "dsbench-workflow";
    static final String ENTRY = "dsbench";

    private WorkflowManifests() {
    }

    static Workflow workflow(Experiment e) {
        List<Template> templates = new ArrayList<>();
        List<String> timeline = new ArrayList<>();
        templates.add(suspend("before", e.beforeSeconds()));
        timeline.add("before");
        for (String nemesis : e.nemeses()) {
            List<ChaosManifests.Step> steps = ChaosManifests.steps(nemesis, e.backend(), null);
            if (steps.size() == 1) {
                templates.add(chaos(steps.get(0), e.faultSeconds()));
                timeline.add(steps.get(0).name());
            } else {
                // kill: pod-kill then container-kill, sharing the fault's time; packet: delay and loss at once
                boolean parallel = nemesis.equals("packet");
                List<String> children = new ArrayList<>();
                long left = e.faultSeconds();
                for (int i = 0; i < steps.size(); i++) {
                    long share = parallel ? e.faultSeconds()
                            : i == steps.size() - 1 ? left : e.faultSeconds() / steps.size();
                    left -= share;
                    templates.add(chaos(steps.get(i), share));
                    children.add(steps.get(i).name());
                }
                Template group = new Template();
                group.setName(nemesis);
                group.setTemplateType(parallel ? "Parallel" : "Serial");
                group.setChildren(children);
                templates.add(group);
                timeline.add(nemesis);
            }
            templates.add(suspend("heal-" + nemesis, e.healSeconds()));
            timeline.add("heal-" + nemesis);
        }
        templates.add(suspend("after", e.afterSeconds()));
        timeline.add("after");
        Template entry = new Template();
        entry.setName(ENTRY);
        entry.setTemplateType("Serial");
        entry.setChildren(timeline);
        templates.add(0, entry);

        WorkflowSpec spec = new WorkflowSpec();
        spec.setEntry(ENTRY);
        spec.setTemplates(templates);
        Workflow w = new Workflow();
        w.setMetadata(ClusterManifests.meta(WORKFLOW, ClusterManifests.labels(WORKFLOW, "chaos")));
        w.setSpec(spec);
        return w;
    }

    /** The first chaos of the first nemesis every slot, with the fault's duration. */
    static Schedule schedule(Experiment e) {
        String nemesis = e.nemeses().get(0);
        ChaosManifests.Step step = ChaosManifests.steps(nemesis, e.backend(), GoDuration.seconds(e.faultSeconds())).get(0);
        ScheduleSpec spec = new ScheduleSpec();
        spec.setSchedule("@every " + GoDuration.seconds(e.slotSeconds()));
        spec.setConcurrencyPolicy("Forbid");
        spec.setHistoryLimit(3);
        spec.setType(step.kind());
        switch (step.kind()) {
            case "PodChaos" -> spec.setPodChaos((PodChaosSpec) step.spec());
            case "NetworkChaos" -> spec.setNetworkChaos((NetworkChaosSpec) step.spec());
            case "TimeChaos" -> spec.setTimeChaos((TimeChaosSpec) step.spec());
            default -> throw new IllegalStateException("no schedule for " + step.kind());
        }
        String name = "dsbench-schedule-" + step.name();
        Schedule s = new Schedule();
        s.setMetadata(ClusterManifests.meta(name, ClusterManifests.labels(name, "chaos")));
        s.setSpec(spec);
        return s;
    }

    private static Template suspend(String name, long seconds) {
        Template t = new Template();
        t.setName(name);
        t.setTemplateType("Suspend");
        t.setDeadline(GoDuration.seconds(seconds));
        return t;
    }

    private static Template chaos(ChaosManifests.Step s, long seconds) {
        Template t = new Template();
        t.setName(s.name());
        t.setTemplateType(s.kind());
        t.setDeadline(GoDuration.seconds(seconds));
        switch (s.kind()) {
            case "PodChaos" -> t.setPodChaos((PodChaosSpec) s.spec());
            case "NetworkChaos" -> t.setNetworkChaos((NetworkChaosSpec) s.spec());
            case "TimeChaos" -> t.setTimeChaos((TimeChaosSpec) s.spec());
            default -> throw new IllegalStateException("no template for " + s.kind());
        }
        return t;
    }
}
