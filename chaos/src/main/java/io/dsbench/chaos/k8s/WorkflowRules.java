package io.dsbench.chaos.k8s;

import io.fabric8.chaosmesh.v1alpha1.NetworkChaosSpec;
import io.fabric8.chaosmesh.v1alpha1.PodChaosSpec;
import io.fabric8.chaosmesh.v1alpha1.ScheduleSpec;
import io.fabric8.chaosmesh.v1alpha1.StressChaosSpec;
import io.fabric8.chaosmesh.v1alpha1.Template;
import io.fabric8.chaosmesh.v1alpha1.TimeChaosSpec;
import io.fabric8.chaosmesh.v1alpha1.WorkflowSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The webhook rules of Chaos Mesh's {@code Schedule} and {@code Workflow} (read in {@code chaos-mesh/chaos-mesh},
 * {@code api/v1alpha1/schedule_webhook.go}, {@code schedule_types.go} and {@code workflow_webhook.go}; messages are
 * ours). Embedded chaos specs are checked with {@link WebhookRules}.
 */
final class WorkflowRules {
    /** {@code validation.IsDNS1123Subdomain}: lower-case alphanumerics, '-' and '.', alphanumeric at both ends. */
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Set<String> FLOW_TYPES = Set.of("Serial", "Parallel", "Suspend", "Task", "Schedule", "StatusCheck");
    /** The chaos kinds a template or schedule may embed, with the field that carries the spec. */
    private static final Map<String, String> CHAOS_FIELDS = new LinkedHashMap<>();

    static {
        for (String kind : List.of("AWSChaos", "AzureChaos", "BlockChaos", "DNSChaos", "GCPChaos", "HTTPChaos",
                "IOChaos", "JVMChaos", "KernelChaos", "NetworkChaos", "PhysicalMachineChaos", "PodChaos", "StressChaos",
                "TimeChaos")) {
            CHAOS_FIELDS.put(kind, fieldOf(kind));
        }
    }

    private WorkflowRules() {
    }

    /** {@code AWSChaos -> awsChaos}, {@code PhysicalMachineChaos -> physicalmachineChaos}, as the CRDs spell them. */
    private static String fieldOf(String kind) {
        String head = kind.substring(0, kind.length() - "Chaos".length());
        return head.toLowerCase(java.util.Locale.ROOT) + "Chaos";
    }

    /** Whether {@code name} is a DNS-1123 subdomain (at most 253 characters). */
    static boolean isDns1123Subdomain(String name) {
        return name != null && name.length() <= 253 && DNS1123_SUBDOMAIN.matcher(name).matches();
    }

    /**
     * Schedule: {@code spec.schedule} parses as robfig/cron's standard syntax ({@code validateSchedule});
     * concurrencyPolicy in the CRD enum {@code Forbid;Allow}; historyLimit at least 1 (CRD minimum); the
     * embedded chaos of {@code spec.type} is present and valid ({@code validateChaos} -> {@code EmbedChaos.Validate}).
     */
    static void schedule(ScheduleSpec s, BiConsumer<String, String> out) {
        if (s == null) {
            out.accept("spec", "the Schedule spec is missing");
            return;
        }
        CronSpec.check(s.getSchedule()).ifPresent(e -> out.accept("spec.schedule", e));
        String policy = s.getConcurrencyPolicy();
        if (policy != null && !policy.isEmpty() && !policy.equals("Forbid") && !policy.equals("Allow")) {
            out.accept("spec.concurrencyPolicy", "'" + policy + "' is not one of Forbid, Allow");
        }
        if (s.getHistoryLimit() != null && s.getHistoryLimit() < 1) {
            out.accept("spec.historyLimit", "must be at least 1, got " + s.getHistoryLimit());
        }
        if ("Workflow".equals(s.getType())) {
            if (s.getWorkflow() == null) {
                out.accept("spec.workflow", "type Workflow needs spec.workflow");
            } else {
                workflow(s.getWorkflow(), "spec.workflow", out);
            }
            return;
        }
        embedded(s.getType(), "spec", "type", embeddedOf(s), out);
    }

    /**
     * Workflow ({@code ValidateCreate}, workflow_webhook.go): {@code entry} is required and names a template
     * ({@code entryMustExists}); templates are not empty, their names unique ({@code namesCouldNotBeDuplicated}) and
     * DNS-1123 subdomains; Serial/Parallel children name existing templates; a Suspend needs a deadline; a chaos
     * template carries the spec of its type and no {@code duration} in it ({@code shouldNotSetupDurationInTheChaos}:
     * "use Template#Deadline instead"); other template types are unrecognized. Deadlines are Go durations.
     */
    static void workflow(WorkflowSpec s, String path, BiConsumer<String, String> out) {
        if (s == null) {
            out.accept(path, "the Workflow spec is missing");
            return;
        }
        List<Template> templates = s.getTemplates() == null ? List.of() : s.getTemplates();
        Set<String> names = new TreeSet<>();
        for (Template t : templates) {
            if (t.getName() != null) {
                names.add(t.getName());
            }
        }
        String entry = s.getEntry();
        if (entry == null || entry.isEmpty()) {
            out.accept(path + ".entry", "the entry of a workflow is required (the name of its first template)");
        } else if (!names.contains(entry)) {
            out.accept(path + ".entry", "entry '" + entry + "' names no template; templates are " + names);
        }
        if (templates.isEmpty()) {
            out.accept(path + ".templates", "a workflow needs at least one template");
            return;
        }
        Set<String> seen = new TreeSet<>();
        Set<String> duplicated = new TreeSet<>();
        for (Template t : templates) {
            if (t.getName() != null && !seen.add(t.getName())) {
                duplicated.add(t.getName());
            }
        }
        if (!duplicated.isEmpty()) {
            out.accept(path + ".templates", "template names must be unique; duplicated: " + duplicated);
        }
        for (int i = 0; i < templates.size(); i++) {
            template(templates.get(i), path + ".templates[" + i + "]", names, out);
        }
    }

    private static void template(Template t, String path, Set<String> names, BiConsumer<String, String> out) {
        String name = t.getName();
        if (name == null || name.isEmpty()) {
            out.accept(path + ".name", "the name of a template is required");
        } else if (!isDns1123Subdomain(name)) {
            out.accept(path + ".name", "'" + name + "' is not a DNS-1123 subdomain (lower-case letters, digits, '-' and"
                    + " '.', starting and ending with a letter or digit, at most 253 characters)");
        }
        WebhookRules.goDuration(t.getDeadline(), false, path + ".deadline", out);
        String type = t.getTemplateType();
        if ("Suspend".equals(type) && (t.getDeadline() == null || t.getDeadline().isEmpty())) {
            out.accept(path + ".deadline", "a Suspend template needs a deadline (how long to wait)");
        }
        if ("Serial".equals(type) || "Parallel".equals(type)) {
            List<String> children = t.getChildren() == null ? List.of() : t.getChildren();
            for (int c = 0; c < children.size(); c++) {
                if (!names.contains(children.get(c))) {
                    out.accept(path + ".children[" + c + "]", "'" + children.get(c) + "' names no template");
                }
            }
        }
        if (type == null || !FLOW_TYPES.contains(type) && !CHAOS_FIELDS.containsKey(type)) {
            out.accept(path + ".templateType", "unrecognized template type '" + type + "': one of " + FLOW_TYPES
                    + " or a chaos kind such as PodChaos");
            return;
        }
        if (CHAOS_FIELDS.containsKey(type)) {
            Object spec = embeddedOf(t).get(type);
            if (spec != null && durationOf(spec) != null && !durationOf(spec).isEmpty()) {
                out.accept(path + "." + CHAOS_FIELDS.get(type) + ".duration", "a chaos inside a workflow must not set"
                        + " duration ('" + durationOf(spec) + "'); the template's deadline bounds it");
            }
            embedded(type, path, "templateType", embeddedOf(t), out);
        }
    }

    /** The spec of {@code type} must be present; the four kinds dsbench emits are checked in depth. */
    private static void embedded(String type, String path, String typeField, Map<String, Object> specs,
            BiConsumer<String, String> out) {
        String field = CHAOS_FIELDS.get(type);
        if (field == null) {
            out.accept(path + "." + typeField, "'" + type + "' is not a chaos kind: one of " + CHAOS_FIELDS.keySet());
            return;
        }
        Object spec = specs.get(type);
        String at = path + "." + field;
        if (spec == null) {
            out.accept(at, typeField + " " + type + " needs " + at + " (the chaos to run)");
            return;
        }
        if (spec instanceof PodChaosSpec p) {
            WebhookRules.podChaos(p, at, out);
        } else if (spec instanceof NetworkChaosSpec n) {
            WebhookRules.networkChaos(n, at, out);
        } else if (spec instanceof TimeChaosSpec tc) {
            WebhookRules.timeChaos(tc, at, out);
        } else if (spec instanceof StressChaosSpec st) {
            WebhookRules.stressChaos(st, at, out);
        }
    }

    private static String durationOf(Object spec) {
        if (spec instanceof PodChaosSpec p) {
            return p.getDuration();
        }
        if (spec instanceof NetworkChaosSpec n) {
            return n.getDuration();
        }
        if (spec instanceof TimeChaosSpec t) {
            return t.getDuration();
        }
        if (spec instanceof StressChaosSpec s) {
            return s.getDuration();
        }
        try {
            Object d = spec.getClass().getMethod("getDuration").invoke(spec);
            return d == null ? null : d.toString();
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static Map<String, Object> embeddedOf(Template t) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "AWSChaos", t.getAwsChaos());
        put(m, "AzureChaos", t.getAzureChaos());
        put(m, "BlockChaos", t.getBlockChaos());
        put(m, "DNSChaos", t.getDnsChaos());
        put(m, "GCPChaos", t.getGcpChaos());
        put(m, "HTTPChaos", t.getHttpChaos());
        put(m, "IOChaos", t.getIoChaos());
        put(m, "JVMChaos", t.getJvmChaos());
        put(m, "KernelChaos", t.getKernelChaos());
        put(m, "NetworkChaos", t.getNetworkChaos());
        put(m, "PhysicalMachineChaos", t.getPhysicalmachineChaos());
        put(m, "PodChaos", t.getPodChaos());
        put(m, "StressChaos", t.getStressChaos());
        put(m, "TimeChaos", t.getTimeChaos());
        return m;
    }

    private static Map<String, Object> embeddedOf(ScheduleSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "AWSChaos", s.getAwsChaos());
        put(m, "AzureChaos", s.getAzureChaos());
        put(m, "BlockChaos", s.getBlockChaos());
        put(m, "DNSChaos", s.getDnsChaos());
        put(m, "GCPChaos", s.getGcpChaos());
        put(m, "HTTPChaos", s.getHttpChaos());
        put(m, "IOChaos", s.getIoChaos());
        put(m, "JVMChaos", s.getJvmChaos());
        put(m, "KernelChaos", s.getKernelChaos());
        put(m, "NetworkChaos", s.getNetworkChaos());
        put(m, "PhysicalMachineChaos", s.getPhysicalmachineChaos());
        put(m, "PodChaos", s.getPodChaos());
        put(m, "StressChaos", s.getStressChaos());
        put(m, "TimeChaos", s.getTimeChaos());
        return m;
    }

    private static void put(Map<String, Object> m, String kind, Object spec) {
        if (spec != null) {
            m.put(kind, spec);
        }
    }
}
