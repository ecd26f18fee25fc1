package io.dsbench.chaos.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each validation rule rejects a manifest that breaks it, with a message naming the file, the kind and the field.
 * Every case starts from a valid emitted manifest (the etcd default experiment) and breaks one thing.
 */
class ManifestValidatorTest {
    private static final Map<String, String> FILES = K8sManifests.render(K8sManifests.DEFAULTS.get("etcd"));

    /** The problems of {@code file} after editing its document {@code doc} (0-based). */
    private static List<Problem> after(String file, int doc, Consumer<ObjectNode> edit) {
        try {
            List<JsonNode> docs = Yaml.readAll(FILES.get(file));
            edit.accept((ObjectNode) docs.get(doc));
            StringBuilder sb = new StringBuilder();
            for (JsonNode d : docs) {
                sb.append("---\n").append(Yaml.MAPPER.writeValueAsString(d));
            }
            return ManifestValidator.validate(file, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode spec(ObjectNode root) {
        return (ObjectNode) root.get("spec");
    }

    /** The workflow template named {@code name}. */
    private static ObjectNode template(ObjectNode workflow, String name) {
        for (JsonNode t : workflow.get("spec").get("templates")) {
            if (t.get("name").asText().equals(name)) {
                return (ObjectNode) t;
            }
        }
        throw new AssertionError("no template " + name);
    }

    private static int templateIndex(String name) {
        try {
            JsonNode templates = Yaml.readAll(FILES.get("workflow.yaml")).get(0).get("spec").get("templates");
            for (int i = 0; i < templates.size(); i++) {
                if (templates.get(i).get("name").asText().equals(name)) {
                    return i;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no template " + name);
    }

    /** Exactly one problem is about {@code field}, of {@code kind} in {@code file}, and says {@code fragment}. */
    private static void rejected(List<Problem> problems, String file, String kind, String field, String fragment) {
        String all = ManifestValidator.describe(problems);
        List<Problem> hits = problems.stream().filter(p -> p.field().equals(field)).collect(Collectors.toList());
        assertThat(hits).as("problems about %s in:%n%s", field, all).hasSize(1);
        Problem p = hits.get(0);
        assertThat(p.kind()).isEqualTo(kind);
        assertThat(p.file()).isEqualTo(file);
        assertThat(p.message()).as(all).contains(fragment);
        assertThat(p.toString()).contains(file).contains(kind).contains(field).contains(fragment);
    }

    @Test
    void theUneditedManifestsPass() {
        FILES.forEach((file, text) -> assertThat(ManifestValidator.validate(file, text)).as(file).isEmpty());
        assertThat(after("faults/pause.yaml", 0, d -> { })).isEmpty();
    }

    @Nested
    class Model {
        @Test
        void notYaml() {
            List<Problem> p = ManifestValidator.validate("x.yaml", "kind: [\n");
            assertThat(p).singleElement().satisfies(e -> assertThat(e.toString()).contains("x.yaml", "not valid YAML"));
        }

        @Test
        void aKeyGivenTwice() {
            String text = FILES.get("faults/pause.yaml").replace("  mode: fixed\n", "  mode: fixed\n  mode: all\n");
            assertThat(text).contains("mode: all");
            List<Problem> p = ManifestValidator.validate("faults/pause.yaml", text);
            assertThat(p).singleElement().satisfies(e -> assertThat(e.toString())
                    .contains("faults/pause.yaml", "not valid YAML", "Duplicate field 'mode'"));
        }

        @Test
        void namesAreDns1123Subdomains() {
            rejected(after("faults/pause.yaml", 0, d -> ((ObjectNode) d.get("metadata")).put("name", "Dsbench_Pause")),
                    "faults/pause.yaml", "PodChaos", "metadata.name", "DNS-1123 subdomain");
        }

        @Test
        void unknownKind() {
            rejected(after("faults/pause.yaml", 0, d -> d.put("kind", "PodChaoss")), "faults/pause.yaml", "PodChaoss",
                    "kind", "unknown kind 'PodChaoss'");
        }

        @Test
        void aValueOfTheWrongTypeDoesNotFitTheModel() {
            rejected(after("setup/10-cluster.yaml", 1, d -> spec(d).put("replicas", "three")), "setup/10-cluster.yaml",
                    "StatefulSet", "spec.replicas", "does not fit the StatefulSet model");
        }

        @Test
        void aMisspeltFieldIsUnknown() {
            rejected(after("faults/pause.yaml", 0, d -> spec(d).set("selectr", spec(d).remove("selector"))),
                    "faults/pause.yaml", "PodChaos", "spec.selectr", "unknown field 'selectr'");
        }

        @Test
        void everyObjectNamesItsNamespace() {
            rejected(after("setup/20-workload.yaml", 1, d -> ((ObjectNode) d.get("metadata")).remove("namespace")),
                    "setup/20-workload.yaml", "Job", "metadata.namespace", "name their namespace");
        }
    }

    @Nested
    class GoDurations {
        @Test
        void chaosDuration() {
            rejected(after("faults/pause.yaml", 0, d -> spec(d).put("duration", "20")), "faults/pause.yaml", "PodChaos",
                    "spec.duration", "missing unit");
            rejected(after("faults/pause.yaml", 0, d -> spec(d).put("duration", "1d")), "faults/pause.yaml", "PodChaos",
                    "spec.duration", "unknown unit 'd'");
        }

        @Test
        void delayLatencyAndJitter() {
            rejected(after("faults/packet.yaml", 0, d -> ((ObjectNode) spec(d).get("delay")).put("latency", "fast")),
                    "faults/packet.yaml", "NetworkChaos", "spec.delay.latency", "'fast' is not a duration");
            rejected(after("faults/packet.yaml", 0, d -> ((ObjectNode) spec(d).get("delay")).put("jitter", "10")),
                    "faults/packet.yaml", "NetworkChaos", "spec.delay.jitter", "missing unit");
        }

        @Test
        void timeOffset() {
            rejected(after("faults/clock.yaml", 0, d -> spec(d).put("timeOffset", "-30")), "faults/clock.yaml",
                    "TimeChaos", "spec.timeOffset", "missing unit");
            rejected(after("faults/clock.yaml", 0, d -> spec(d).remove("timeOffset")), "faults/clock.yaml",
                    "TimeChaos", "spec.timeOffset", "required");
        }

        @Test
        void workflowDeadline() {
            rejected(after("workflow.yaml", 0, d -> template(d, "pause").put("deadline", "10 s")), "workflow.yaml",
                    "Workflow", "spec.templates[" + templateIndex("pause") + "].deadline", "unknown unit ' s'");
        }
    }

    @Nested
    class ModeAndValue {
        private static final String F = "faults/pause.yaml";

        @Test
        void fixedNeedsAValue() {
            rejected(after(F, 0, d -> spec(d).remove("value")), F, "PodChaos", "spec.value",
                    "value is required with mode fixed");
            rejected(after(F, 0, d -> spec(d).put("value", "0")), F, "PodChaos", "spec.value", "out of range");
        }

        @Test
        void percentModesNeedAPercentage() {
            rejected(after(F, 0, d -> spec(d).put("mode", "fixed-percent").put("value", "150")), F, "PodChaos",
                    "spec.value", "value 150 is out of range; mode fixed-percent");
            rejected(after(F, 0, d -> spec(d).put("mode", "random-max-percent").put("value", "abc")), F, "PodChaos",
                    "spec.value", "'abc' is not an integer");
            rejected(after(F, 0, d -> spec(d).put("mode", "fixed-percent").remove("value")), F, "PodChaos",
                    "spec.value", "value is required with mode fixed-percent");
        }

        @Test
        void oneAndAllNeedNoValue() {
            assertThat(after(F, 0, d -> spec(d).put("mode", "one").remove("value"))).isEmpty();
            assertThat(after(F, 0, d -> spec(d).put("mode", "all").put("value", "whatever"))).isEmpty();
        }

        @Test
        void unknownMode() {
            rejected(after(F, 0, d -> spec(d).put("mode", "some")), F, "PodChaos", "spec.mode",
                    "mode 'some' is not supported");
        }

        @Test
        void aTargetToo() {
            rejected(after("faults/partition.yaml", 0, d -> ((ObjectNode) spec(d).get("target")).put("mode", "fixed")),
                    "faults/partition.yaml", "NetworkChaos", "spec.target.value", "value is required with mode fixed");
        }
    }

    @Nested
    class Network {
        private static final String F = "faults/packet.yaml";

        @Test
        void fromOrBothNeedATargetExceptForPartition() {
            rejected(after(F, 0, d -> spec(d).put("direction", "both").remove("target")), F, "NetworkChaos",
                    "spec.direction", "direction 'both' needs a target for action 'delay'");
            rejected(after(F, 1, d -> spec(d).put("direction", "from").remove("target")), F, "NetworkChaos",
                    "spec.direction", "direction 'from' needs a target for action 'loss'");
            assertThat(after(F, 0, d -> spec(d).put("direction", "to").remove("target"))).isEmpty();
            assertThat(after("faults/partition.yaml", 0, d -> spec(d).remove("target"))).isEmpty();
        }

        @Test
        void externalTargetsOnlyWithDirectionTo() {
            rejected(after(F, 0, d -> spec(d).put("direction", "from").putArray("externalTargets").add("10.0.0.1")),
                    F, "NetworkChaos", "spec.direction", "externalTargets cannot be used with direction 'from'");
        }

        @Test
        void unknownDirectionAndAction() {
            rejected(after(F, 0, d -> spec(d).put("direction", "up")), F, "NetworkChaos", "spec.direction",
                    "direction 'up' is not one of");
            rejected(after(F, 0, d -> spec(d).put("action", "drop")), F, "NetworkChaos", "spec.action",
                    "action 'drop' is not one of");
        }

        @Test
        void lossAndCorrelationAreNumbers() {
            rejected(after(F, 1, d -> ((ObjectNode) spec(d).get("loss")).put("loss", "ten")), F, "NetworkChaos",
                    "spec.loss.loss", "'ten' is not a number");
            rejected(after(F, 0, d -> ((ObjectNode) spec(d).get("delay")).put("correlation", "25%")), F, "NetworkChaos",
                    "spec.delay.correlation", "'25%' is not a number");
            assertThat(after(F, 1, d -> ((ObjectNode) spec(d).get("loss")).put("loss", "1e1"))).as("Go takes 1e1").isEmpty();
            assertThat(after(F, 1, d -> ((ObjectNode) spec(d).get("loss")).put("loss", ".5"))).isEmpty();
        }

        @Test
        void anActionWithoutItsSpecDoesNothing() {
            rejected(after(F, 0, d -> spec(d).remove("delay")), F, "NetworkChaos", "spec.delay", "does nothing");
        }
    }

    @Nested
    class Pod {
        private static final String F = "faults/kill.yaml";

        @Test
        void containerKillNeedsContainerNames() {
            rejected(after(F, 1, d -> spec(d).remove("containerNames")), F, "PodChaos", "spec.containerNames",
                    "container-kill needs containerNames");
            assertThat(after(F, 0, d -> spec(d).remove("containerNames"))).as("pod-kill needs none").isEmpty();
        }

        @Test
        void unknownAction() {
            rejected(after(F, 0, d -> spec(d).put("action", "pod-stop")), F, "PodChaos", "spec.action",
                    "action 'pod-stop' is not one of");
        }
    }

    @Nested
    class Stress {
        private static final String F = "faults/stress.yaml";

        @Test
        void stressorsAreRequired() {
            rejected(after(F, 0, d -> spec(d).remove("stressors")), F, "StressChaos", "spec.stressors",
                    "missing stressors");
            rejected(after(F, 0, d -> ((ObjectNode) spec(d).get("stressors")).removeAll()), F, "StressChaos",
                    "spec.stressors", "neither cpu nor memory");
        }

        @Test
        void workersLoadAndSize() {
            rejected(after(F, 0, d -> ((ObjectNode) spec(d).get("stressors").get("cpu")).put("workers", 0)), F,
                    "StressChaos", "spec.stressors.cpu.workers", "workers should be positive");
            rejected(after(F, 0, d -> ((ObjectNode) spec(d).get("stressors").get("cpu")).put("load", 150)), F,
                    "StressChaos", "spec.stressors.cpu.load", "not a percentage");
            rejected(after(F, 0, d -> ((ObjectNode) spec(d).get("stressors").get("memory")).put("size", "lots")), F,
                    "StressChaos", "spec.stressors.memory.size", "neither a percentage");
        }
    }

    @Nested
    class WorkflowCases {
        private static final String F = "workflow.yaml";

        @Test
        void entryIsRequiredAndNamesATemplate() {
            rejected(after(F, 0, d -> spec(d).remove("entry")), F, "Workflow", "spec.entry", "entry of a workflow is required");
            rejected(after(F, 0, d -> spec(d).put("entry", "start")), F, "Workflow", "spec.entry",
                    "entry 'start' names no template");
        }

        @Test
        void templateNamesAreUnique() {
            rejected(after(F, 0, d -> template(d, "heal-kill").put("name", "before")), F, "Workflow", "spec.templates",
                    "template names must be unique; duplicated: [before]");
        }

        @Test
        void templateNamesAreDns1123Subdomains() {
            int i = templateIndex("pause");
            rejected(after(F, 0, d -> {
                template(d, "pause").put("name", "Pause_1");
                ArrayNode children = (ArrayNode) template(d, "dsbench").get("children");
                for (int c = 0; c < children.size(); c++) {
                    if (children.get(c).asText().equals("pause")) {
                        children.set(c, "Pause_1");
                    }
                }
            }), F, "Workflow", "spec.templates[" + i + "].name", "'Pause_1' is not a DNS-1123 subdomain");
        }

        @Test
        void noDurationInsideAWorkflowStep() {
            int i = templateIndex("pause");
            rejected(after(F, 0, d -> ((ObjectNode) template(d, "pause").get("podChaos")).put("duration", "20s")), F,
                    "Workflow", "spec.templates[" + i + "].podChaos.duration", "must not set duration");
        }

        @Test
        void aSuspendNeedsADeadline() {
            int i = templateIndex("before");
            rejected(after(F, 0, d -> template(d, "before").remove("deadline")), F, "Workflow",
                    "spec.templates[" + i + "].deadline", "a Suspend template needs a deadline");
        }

        @Test
        void childrenNameTemplates() {
            int i = templateIndex("dsbench");
            int n = Experiment.NEMESES.size() * 2 + 2;
            rejected(after(F, 0, d -> ((ArrayNode) template(d, "dsbench").get("children")).add("sleep")), F, "Workflow",
                    "spec.templates[" + i + "].children[" + n + "]", "'sleep' names no template");
        }

        @Test
        void templateTypeIsKnownAndCarriesItsChaos() {
            int i = templateIndex("pause");
            rejected(after(F, 0, d -> template(d, "pause").put("templateType", "Chaos")), F, "Workflow",
                    "spec.templates[" + i + "].templateType", "unrecognized template type 'Chaos'");
            rejected(after(F, 0, d -> template(d, "pause").remove("podChaos")), F, "Workflow",
                    "spec.templates[" + i + "].podChaos", "templateType PodChaos needs");
        }

        @Test
        void embeddedChaosFollowsItsOwnRules() {
            int i = templateIndex("kill-container");
            rejected(after(F, 0, d -> ((ObjectNode) template(d, "kill-container").get("podChaos")).remove("containerNames")),
                    F, "Workflow", "spec.templates[" + i + "].podChaos.containerNames", "container-kill needs containerNames");
        }
    }

    @Nested
    class ScheduleCases {
        private static final String F = "schedule.yaml";

        @Test
        void scheduleIsCron() {
            rejected(after(F, 0, d -> spec(d).put("schedule", "every minute")), F, "Schedule", "spec.schedule",
                    "expected 5 fields");
        }

        @Test
        void typeNeedsItsChaosWhichFollowsItsRules() {
            rejected(after(F, 0, d -> spec(d).remove("podChaos")), F, "Schedule", "spec.podChaos",
                    "type PodChaos needs spec.podChaos");
            rejected(after(F, 0, d -> ((ObjectNode) spec(d).get("podChaos")).put("mode", "fixed")), F, "Schedule",
                    "spec.podChaos.value", "value is required with mode fixed");
            rejected(after(F, 0, d -> spec(d).put("type", "FooChaos")), F, "Schedule", "spec.type",
                    "'FooChaos' is not a chaos kind");
        }

        @Test
        void policyAndHistory() {
            rejected(after(F, 0, d -> spec(d).put("concurrencyPolicy", "Replace")), F, "Schedule",
                    "spec.concurrencyPolicy", "'Replace' is not one of Forbid, Allow");
            rejected(after(F, 0, d -> spec(d).put("historyLimit", 0)), F, "Schedule", "spec.historyLimit",
                    "at least 1");
        }
    }
}
