package io.dsbench.chaos.k8s;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.chaosmesh.v1alpha1.NetworkChaos;
import io.fabric8.chaosmesh.v1alpha1.PodChaos;
import io.fabric8.chaosmesh.v1alpha1.Schedule;
import io.fabric8.chaosmesh.v1alpha1.StressChaos;
import io.fabric8.chaosmesh.v1alpha1.TimeChaos;
import io.fabric8.chaosmesh.v1alpha1.Workflow;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Validates Kubernetes manifests offline: each YAML document must parse into the fabric8 model of its
 * {@code apiVersion}/{@code kind} (Chaos Mesh's {@code chaos-mesh.org/v1alpha1} kinds from
 * {@code io.fabric8:chaosmesh-model}; {@code v1}, {@code apps/v1} and {@code batch/v1} kinds from the kubernetes
 * model) with no field the model does not know, name itself and its namespace, and then pass the admission rules of
 * Chaos Mesh's webhook that no schema expresses ({@link WebhookRules}, {@link WorkflowRules}). No cluster is needed:
 * {@code kubectl apply --dry-run=client} cannot help here, as it asks a server for the kinds even in client mode.
 */
public final class ManifestValidator {
    private static final Map<String, String> PACKAGES = Map.of(
            "chaos-mesh.org/v1alpha1", "io.fabric8.chaosmesh.v1alpha1.",
            "v1", "io.fabric8.kubernetes.api.model.",
            "apps/v1", "io.fabric8.kubernetes.api.model.apps.",
            "batch/v1", "io.fabric8.kubernetes.api.model.batch.v1.");

    private ManifestValidator() {
    }

    /** Every {@code .yaml}/{@code .yml} file under {@code dir}, in path order, validated. */
    public static List<Problem> validateTree(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().collect(Collectors.toList());
        }
        List<Problem> all = new ArrayList<>();
        for (Path f : files) {
            all.addAll(validateFile(f));
        }
        return all;
    }

    /** One file; its path is the {@code file} of each problem. */
    public static List<Problem> validateFile(Path file) throws IOException {
        return validate(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** A YAML text (one or more documents); {@code source} names it in the problems. */
    public static List<Problem> validate(String source, String yamlText) {
        List<Problem> problems = new ArrayList<>();
        List<JsonNode> docs;
        try {
            docs = Yaml.readAll(yamlText);
        } catch (IOException e) {
            problems.add(new Problem(source, 1, "?", "?", "", "not valid YAML: " + e.getMessage()));
            return problems;
        }
        if (docs.isEmpty()) {
            problems.add(new Problem(source, 1, "?", "?", "", "no manifest in the file"));
        }
        for (int i = 0; i < docs.size(); i++) {
            validateDocument(source, i + 1, docs.get(i), problems);
        }
        return problems;
    }

    private static void validateDocument(String source, int doc, JsonNode node, List<Problem> problems) {
        String kind = node.path("kind").asText("");
        String apiVersion = node.path("apiVersion").asText("");
        String name = node.path("metadata").path("name").asText("?");
        BiConsumer<String, String> out = (field, message) ->
                problems.add(new Problem(source, doc, kind.isEmpty() ? "?" : kind, name, field, message));
        if (kind.isEmpty() || apiVersion.isEmpty()) {
            out.accept(kind.isEmpty() ? "kind" : "apiVersion", "every manifest needs apiVersion and kind");
            return;
        }
        Class<? extends HasMetadata> type = modelClass(apiVersion, kind);
        if (type == null) {
            out.accept("kind", "unknown kind '" + kind + "' in apiVersion '" + apiVersion + "' (known: Chaos Mesh's "
                    + "chaos-mesh.org/v1alpha1 kinds; Namespace, Service, PersistentVolumeClaim, ConfigMap in v1; "
                    + "StatefulSet in apps/v1; Job in batch/v1)");
            return;
        }
        HasMetadata obj;
        try {
            obj = Yaml.MAPPER.treeToValue(node, type);
        } catch (JsonMappingException e) {
            out.accept(path(e), "does not fit the " + type.getSimpleName() + " model: " + e.getOriginalMessage());
            return;
        } catch (IOException e) {
            out.accept("", "does not fit the " + type.getSimpleName() + " model: " + e.getMessage());
            return;
        }
        unknownFields(obj, "", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        if (obj.getMetadata() == null || !WorkflowRules.isDns1123Subdomain(obj.getMetadata().getName())) {
            out.accept("metadata.name", "a name is required and must be a DNS-1123 subdomain");
        }
        if (!(obj instanceof Namespace) && (obj.getMetadata() == null || obj.getMetadata().getNamespace() == null)) {
            out.accept("metadata.namespace", "dsbench's manifests name their namespace, so kubectl's current namespace"
                    + " never decides where they land");
        }
        kindRules(obj, out);
    }

    private static void kindRules(HasMetadata obj, BiConsumer<String, String> out) {
        if (obj instanceof PodChaos p) {
            WebhookRules.podChaos(p.getSpec(), "spec", out);
        } else if (obj instanceof NetworkChaos n) {
            WebhookRules.networkChaos(n.getSpec(), "spec", out);
        } else if (obj instanceof TimeChaos t) {
            WebhookRules.timeChaos(t.getSpec(), "spec", out);
        } else if (obj instanceof StressChaos s) {
            WebhookRules.stressChaos(s.getSpec(), "spec", out);
        } else if (obj instanceof Schedule s) {
            WorkflowRules.schedule(s.getSpec(), out);
        } else if (obj instanceof Workflow w) {
            WorkflowRules.workflow(w.getSpec(), "spec", out);
        }
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends HasMetadata> modelClass(String apiVersion, String kind) {
        String pkg = PACKAGES.get(apiVersion);
        if (pkg == null || !kind.matches("[A-Z][A-Za-z0-9]*")) {
            return null;
        }
        try {
            Class<?> c = Class.forName(pkg + kind);
            return HasMetadata.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())
                    ? (Class<? extends HasMetadata>) c : null;
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /**
     * The fabric8 model keeps fields it does not know in {@code additionalProperties} instead of failing; any there is
     * a misspelt or misplaced field that Kubernetes would drop or refuse, so it is reported with its path.
     */
    private static void unknownFields(Object o, String path, BiConsumer<String, String> out, Set<Object> seen) {
        if (o == null || !seen.add(o)) {
            return;
        }
        if (o instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", out, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, out, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getName().length() < 4
                    || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() != o.getClass()) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra) {
                    for (Object key : extra.keySet()) {
                        out.accept((path.isEmpty() ? "" : path + ".") + key, "unknown field '" + key + "': the "
                                + o.getClass().getSimpleName() + " model has no such field (misspelt or misplaced?)");
                    }
                }
                continue;
            }
            String property = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            unknownFields(value, (path.isEmpty() ? "" : path + ".") + property, out, seen);
        }
    }

    /** For messages and tests: the problems one per line. */
    public static String describe(List<Problem> problems) {
        return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }
}
