package io.dsbench.chaos.k8s;

import io.fabric8.chaosmesh.v1alpha1.CPUStressor;
import io.fabric8.chaosmesh.v1alpha1.DelaySpec;
import io.fabric8.chaosmesh.v1alpha1.LossSpec;
import io.fabric8.chaosmesh.v1alpha1.MemoryStressor;
import io.fabric8.chaosmesh.v1alpha1.NetworkChaosSpec;
import io.fabric8.chaosmesh.v1alpha1.PodChaosSpec;
import io.fabric8.chaosmesh.v1alpha1.StressChaosSpec;
import io.fabric8.chaosmesh.v1alpha1.Stressors;
import io.fabric8.chaosmesh.v1alpha1.TimeChaosSpec;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The admission rules Chaos Mesh's validating webhook applies to the specs of the chaos kinds dsbench emits, which a
 * structural schema (and so the fabric8 model) cannot express. Each rule says where in Chaos Mesh's sources
 * ({@code chaos-mesh/chaos-mesh}, {@code api/v1alpha1/}) it was read; the wording of the messages is ours. Rules
 * marked "dsbench" are stricter than the webhook (they catch manifests the webhook would admit but that do nothing).
 * {@code Schedule} and {@code Workflow} rules are in {@link WorkflowRules}; both use the spec rules here.
 *
 * <p>Every check reports through {@code out.accept(fieldPath, message)}.
 */
final class WebhookRules {
    /** PodMode values: the CRD enum {@code one;all;fixed;fixed-percent;random-max-percent} (common_types.go). */
    static final List<String> MODES = List.of("one", "all", "fixed", "fixed-percent", "random-max-percent");
    /** PodChaosAction: the CRD enum (podchaos_types.go). */
    static final List<String> POD_ACTIONS = List.of("pod-kill", "pod-failure", "container-kill");
    /** NetworkChaosAction: the CRD enum (networkchaos_types.go). */
    static final List<String> NETWORK_ACTIONS =
            List.of("netem", "delay", "loss", "duplicate", "corrupt", "partition", "bandwidth", "rate");
    /** Direction: the CRD enum {@code to;from;both;""} (networkchaos_types.go). */
    static final Set<String> DIRECTIONS = Set.of("to", "from", "both", "");
    /** What Go's {@code strconv.ParseFloat} takes in decimal: {@code 25}, {@code 0.5}, {@code .5}, {@code 1e3}, inf, nan. */
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?((\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|(?i:inf|infinity))|(?i:nan)");

    private WebhookRules() {
    }

    /**
     * Selector mode and value, as {@code PodSelector.Validate} (common_webhook.go) checks them: {@code fixed} needs
     * an integer value greater than 0; {@code fixed-percent} and {@code random-max-percent} an integer in (0, 100];
     * {@code one} and {@code all} ignore the value. An unknown mode is refused as {@code validateTargetPodSelector}
     * (networkchaos_webhook.go) refuses one for a target and the CRD enum for the selector.
     */
    static void modeAndValue(String mode, String value, String path, BiConsumer<String, String> out) {
        String at = path.isEmpty() ? "" : path + ".";
        if (mode == null || mode.isEmpty()) {
            out.accept(at + "mode", "mode is required: one of " + MODES);
            return;
        }
        if (!MODES.contains(mode)) {
            out.accept(at + "mode", "mode '" + mode + "' is not supported: one of " + MODES);
            return;
        }
        boolean fixed = mode.equals("fixed");
        if (!fixed && !mode.endsWith("percent")) {
            return;
        }
        String wanted = fixed ? "an integer greater than 0 (the number of pods)" : "an integer in (0, 100] (a percentage)";
        if (value == null || value.isEmpty()) {
            out.accept(at + "value", "value is required with mode " + mode + ": " + wanted);
            return;
        }
        int n;
        try {
            n = Integer.parseInt(value.trim().equals(value) ? value : "x");
        } catch (NumberFormatException e) {
            out.accept(at + "value", "value '" + value + "' is not an integer; mode " + mode + " needs " + wanted);
            return;
        }
        if (n <= 0 || !fixed && n > 100) {
            out.accept(at + "value", "value " + n + " is out of range; mode " + mode + " needs " + wanted);
        }
    }

    /**
     * A Go duration field: {@code Duration.Validate} (common_webhook.go) runs {@code time.ParseDuration} on a
     * chaos's {@code duration} and allows it to be absent or empty; {@code required} fields (latency, timeOffset) must
     * be present, as {@code time.ParseDuration("")} fails for them in the webhook.
     */
    static void goDuration(String value, boolean required, String path, BiConsumer<String, String> out) {
        if (value == null || value.isEmpty()) {
            if (required) {
                out.accept(path, "required: a Go duration such as 30s, 1m30s or 500ms");
            }
            return;
        }
        GoDuration.parse(value).error().ifPresent(e -> out.accept(path, e));
    }

    /** A float given as a string, as {@code strconv.ParseFloat} in validateLoss / validateDelay requires. */
    static void floatString(String value, boolean required, String path, BiConsumer<String, String> out) {
        if (value == null || value.isEmpty()) {
            if (required) {
                out.accept(path, "required: a number given as a string, e.g. \"25\"");
            }
            return;
        }
        if (!FLOAT.matcher(value).matches()) {
            out.accept(path, "'" + value + "' is not a number");
        }
    }

    /**
     * PodChaos: action in the CRD enum; mode/value; duration; container-kill needs {@code containerNames}
     * ({@code PodChaosSpec.Validate}, podchaos_webhook.go: "the name of container is empty on container-kill
     * action").
     */
    static void podChaos(PodChaosSpec s, String path, BiConsumer<String, String> out) {
        if (s == null) {
            out.accept(path, "the PodChaos spec is missing");
            return;
        }
        if (s.getAction() == null || !POD_ACTIONS.contains(s.getAction())) {
            out.accept(path + ".action", "action '" + s.getAction() + "' is not one of " + POD_ACTIONS);
        }
        modeAndValue(s.getMode(), s.getValue(), path, out);
        goDuration(s.getDuration(), false, path + ".duration", out);
        if ("container-kill".equals(s.getAction()) && (s.getContainerNames() == null || s.getContainerNames().isEmpty())) {
            out.accept(path + ".containerNames", "container-kill needs containerNames: the containers to kill");
        }
    }

    /**
     * NetworkChaos ({@code NetworkChaosSpec.Validate}, networkchaos_webhook.go): duration; delay latency and jitter
     * are Go durations, correlations and loss are floats; a target's mode/value ({@code validateTargetPodSelector});
     * and {@code validateTargets}: for every action but partition, direction {@code from} or {@code both} needs a
     * target, and external targets cannot be combined with {@code from}/{@code both}. Action and direction in the CRD
     * enums. dsbench: a delay action needs {@code delay}, a loss action needs {@code loss}.
     */
    static void networkChaos(NetworkChaosSpec s, String path, BiConsumer<String, String> out) {
        if (s == null) {
            out.accept(path, "the NetworkChaos spec is missing");
            return;
        }
        String action = s.getAction();
        if (action == null || !NETWORK_ACTIONS.contains(action)) {
            out.accept(path + ".action", "action '" + action + "' is not one of " + NETWORK_ACTIONS);
        }
        modeAndValue(s.getMode(), s.getValue(), path, out);
        goDuration(s.getDuration(), false, path + ".duration", out);
        String direction = s.getDirection() == null ? "" : s.getDirection();
        if (!DIRECTIONS.contains(direction)) {
            out.accept(path + ".direction", "direction '" + direction + "' is not one of to, from, both");
        }
        boolean fromOrBoth = direction.equals("from") || direction.equals("both");
        boolean external = s.getExternalTargets() != null && !s.getExternalTargets().isEmpty();
        if (!"partition".equals(action) && fromOrBoth) {
            if (s.getTarget() == null) {
                out.accept(path + ".direction", "direction '" + direction + "' needs a target for action '" + action
                        + "' (only partition may go without one); set spec.target or use direction 'to'");
            }
            if (external) {
                out.accept(path + ".direction", "externalTargets cannot be used with direction '" + direction
                        + "' for action '" + action + "'");
            }
        }
        if (s.getTarget() != null) {
            modeAndValue(s.getTarget().getMode(), s.getTarget().getValue(), path + ".target", out);
        }
        DelaySpec delay = s.getDelay();
        if (delay != null) {
            goDuration(delay.getLatency(), true, path + ".delay.latency", out);
            goDuration(delay.getJitter(), false, path + ".delay.jitter", out);
            floatString(delay.getCorrelation(), false, path + ".delay.correlation", out);
        } else if ("delay".equals(action)) {
            out.accept(path + ".delay", "action 'delay' without a delay spec (latency) does nothing");
        }
        LossSpec loss = s.getLoss();
        if (loss != null) {
            floatString(loss.getLoss(), true, path + ".loss.loss", out);
            floatString(loss.getCorrelation(), false, path + ".loss.correlation", out);
        } else if ("loss".equals(action)) {
            out.accept(path + ".loss", "action 'loss' without a loss spec (percentage) does nothing");
        }
    }

    /** TimeChaos ({@code TimeChaosSpec.Validate}, timechaos_webhook.go): timeOffset is a Go duration; duration. */
    static void timeChaos(TimeChaosSpec s, String path, BiConsumer<String, String> out) {
        if (s == null) {
            out.accept(path, "the TimeChaos spec is missing");
            return;
        }
        modeAndValue(s.getMode(), s.getValue(), path, out);
        goDuration(s.getTimeOffset(), true, path + ".timeOffset", out);
        goDuration(s.getDuration(), false, path + ".duration", out);
    }

    /**
     * StressChaos ({@code StressChaosSpec.Validate} and the stressors' {@code Validate}, stresschaos_webhook.go):
     * stressors or stressngStressors must be given; stressors need a memory or cpu stressor; workers must be
     * positive; a cpu load is a percentage 0-100; a memory size is a percentage or a byte size.
     */
    static void stressChaos(StressChaosSpec s, String path, BiConsumer<String, String> out) {
        if (s == null) {
            out.accept(path, "the StressChaos spec is missing");
            return;
        }
        modeAndValue(s.getMode(), s.getValue(), path, out);
        goDuration(s.getDuration(), false, path + ".duration", out);
        Stressors st = s.getStressors();
        boolean ng = s.getStressngStressors() != null && !s.getStressngStressors().isEmpty();
        if (st == null && !ng) {
            out.accept(path + ".stressors", "missing stressors: give stressors (cpu, memory) or stressngStressors");
            return;
        }
        if (st == null) {
            return;
        }
        CPUStressor cpu = st.getCpu();
        MemoryStressor memory = st.getMemory();
        if (cpu == null && memory == null) {
            out.accept(path + ".stressors", "missing stressors: neither cpu nor memory is given");
        }
        if (cpu != null) {
            workers(cpu.getWorkers(), path + ".stressors.cpu.workers", out);
            if (cpu.getLoad() != null && (cpu.getLoad() < 0 || cpu.getLoad() > 100)) {
                out.accept(path + ".stressors.cpu.load", "load " + cpu.getLoad() + " is not a percentage in 0-100");
            }
        }
        if (memory != null) {
            workers(memory.getWorkers(), path + ".stressors.memory.workers", out);
            String size = memory.getSize();
            if (size != null && !size.isEmpty() && !size.matches("(100|[1-9]?[0-9])%")
                    && !size.matches("(?i)[0-9]+(\\.[0-9]+)?\\s*([kmgtp]i?)?b?")) {
                out.accept(path + ".stressors.memory.size", "size '" + size
                        + "' is neither a percentage (0-100%) nor a byte size such as 256MB or 1GiB");
            }
        }
    }

    private static void workers(Integer workers, String path, BiConsumer<String, String> out) {
        if (workers == null || workers <= 0) {
            out.accept(path, "workers should be positive, got " + workers);
        }
    }
}
