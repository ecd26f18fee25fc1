package io.dsbench.conformance;

import io.dsbench.spi.Capability;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The list of conformance rules, read by reflection from the {@link ConformanceRule} annotations of kit
 * classes: for {@code dsbench rules}, the README's rule table and the report. Immutable and thread-safe.
 *
 * <p>{@link #kit()} covers the kit classes of this package; {@link #of(Class[])} reads any others (a
 * pattern module's own verification classes). {@link #problems()} lists violations of the kit's
 * conventions (duplicate ids, a method name that does not name its rule or level, an optional rule without
 * a capability), so a test can keep the kit honest.
 */
public final class RuleCatalog {
    /** The kit classes of this package, one per primitive or pattern. */
    public static final List<Class<? extends AbstractVerification>> KIT_CLASSES = List.of(
            KeyValueVerification.class,
            RegistryVerification.class,
            CacheStoreVerification.class,
            IdempotencyVerification.class,
            LockVerification.class,
            DurableLogVerification.class,
            DiscoveryVerification.class,
            TracingVerification.class,
            QuorumVerification.class,
            ShardingVerification.class,
            CachingStrategyVerification.class,
            SagaVerification.class,
            TwoPhaseCommitVerification.class,
            FaultVerification.class);

    /**
     * One rule.
     *
     * @param id        e.g. {@code KV-4}
     * @param title     what the rule promises
     * @param level     required, optional or stochastic
     * @param requires  capabilities the backend must declare for the rule to run
     * @param kitClass  the class declaring the rule's method
     * @param method    the test method's name
     */
    public record Rule(String id, String title, ConformanceRule.Level level, List<Capability> requires,
            Class<?> kitClass, String method) {
        public Rule {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(level, "level");
            requires = List.copyOf(requires);
            Objects.requireNonNull(kitClass, "kitClass");
            Objects.requireNonNull(method, "method");
        }

        /** The group: the part of the id before the first dash ({@code KV}, {@code LIN}). */
        public String group() {
            return groupOf(id);
        }
    }

    /** The group of a rule id: the part before the first dash (LIN-KV -> LIN, CACHE-S1 -> CACHE). */
    public static String groupOf(String ruleId) {
        int dash = ruleId.indexOf('-');
        return dash < 0 ? ruleId : ruleId.substring(0, dash);
    }

    /** The rule a test method checks, if it carries {@link ConformanceRule}. */
    public static java.util.Optional<Rule> ruleOf(Method m) {
        ConformanceRule r = m.getAnnotation(ConformanceRule.class);
        return r == null ? java.util.Optional.empty()
                : java.util.Optional.of(new Rule(r.id(), r.title(), r.level(), List.of(r.requires()),
                        m.getDeclaringClass(), m.getName()));
    }

    private final List<Rule> rules;

    private RuleCatalog(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The rules of this package's kit classes ({@link #KIT_CLASSES}). */
    public static RuleCatalog kit() {
        return of(KIT_CLASSES.toArray(new Class<?>[0]));
    }

    /** The rules declared by {@code classes} and their superclasses, sorted by id (KV-2 before KV-10). */
    public static RuleCatalog of(Class<?>... classes) {
        List<Rule> rules = new ArrayList<>();
        for (Class<?> c : classes) {
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                Method[] methods = k.getDeclaredMethods();
                Arrays.sort(methods, Comparator.comparing(Method::getName));
                for (Method m : methods) {
                    ruleOf(m).ifPresent(rules::add);
                }
            }
        }
        rules.sort(Comparator.comparing(Rule::id, RuleCatalog::compareIds));
        return new RuleCatalog(rules);
    }

    /** All rules, sorted by id. */
    public List<Rule> rules() {
        return rules;
    }

    /** How many rules of each level. */
    public Map<ConformanceRule.Level, Integer> countByLevel() {
        Map<ConformanceRule.Level, Integer> out = new java.util.EnumMap<>(ConformanceRule.Level.class);
        for (Rule r : rules) {
            out.merge(r.level(), 1, Integer::sum);
        }
        return out;
    }

    /**
     * Violations of the kit's conventions, one line each; empty when all is well. Checked: ids are unique and
     * look like {@code GROUP-N}; the method is public, named {@code <level>_<ID without dash>_...}; an
     * OPTIONAL rule names at least one capability and a REQUIRED one none.
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        Map<String, Rule> seen = new HashMap<>();
        for (Rule r : rules) {
            String where = r.kitClass().getSimpleName() + "." + r.method();
            Rule previous = seen.put(r.id(), r);
            if (previous != null) {
                out.add(r.id() + " is declared twice: " + previous.kitClass().getSimpleName() + "." + previous.method()
                        + " and " + where);
            }
            if (!r.id().matches("[A-Z]+-[A-Z0-9]+(-[A-Z0-9]+)*")) {
                out.add(where + ": id '" + r.id() + "' is not of the form GROUP-N");
            }
            String prefix = r.level().name().toLowerCase(Locale.ROOT) + "_" + r.id().replace("-", "") + "_";
            if (!r.method().startsWith(prefix)) {
                out.add(where + ": method name should start with '" + prefix + "'");
            }
            if (r.level() == ConformanceRule.Level.OPTIONAL && r.requires().isEmpty()) {
                out.add(where + ": OPTIONAL rule " + r.id() + " names no capability in requires");
            }
            if (r.level() == ConformanceRule.Level.REQUIRED && !r.requires().isEmpty()) {
                out.add(where + ": REQUIRED rule " + r.id() + " needs capabilities " + r.requires()
                        + "; make it OPTIONAL");
            }
            if (r.title().isBlank()) {
                out.add(where + ": rule " + r.id() + " has no title");
            }
            try {
                Method m = r.kitClass().getDeclaredMethod(r.method(), parameterTypes(r));
                if (!Modifier.isPublic(m.getModifiers())) {
                    out.add(where + ": rule methods must be public (subclasses in other packages run them)");
                }
            } catch (NoSuchMethodException e) {
                out.add(where + ": method not found");
            }
        }
        return out;
    }

    private static Class<?>[] parameterTypes(Rule r) {
        for (Method m : r.kitClass().getDeclaredMethods()) {
            if (m.getName().equals(r.method())) {
                return m.getParameterTypes();
            }
        }
        return new Class<?>[0];
    }

    /** A Markdown table: rule, level, needs, promise, kit class. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| rule | level | needs | promise | kit class |\n|---|---|---|---|---|\n");
        for (Rule r : rules) {
            List<String> caps = new ArrayList<>();
            for (Capability c : r.requires()) {
                caps.add(c.name());
            }
            sb.append("| ").append(r.id()).append(" | ").append(r.level().name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(String.join(", ", caps)).append(" | ")
                    .append(r.title().replace("|", "\\|")).append(" | `").append(r.kitClass().getSimpleName())
                    .append("` |\n");
        }
        return sb.toString();
    }

    /** Orders rule ids by group, then numerically: KV-2 before KV-10, CACHE-S1 after CACHE-7. */
    public static int compareIds(String a, String b) {
        String[] pa = a.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
        String[] pb = b.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
        for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
            int c;
            if (Character.isDigit(pa[i].charAt(0)) && Character.isDigit(pb[i].charAt(0))) {
                c = Long.compare(Long.parseLong(pa[i]), Long.parseLong(pb[i]));
            } else {
                c = pa[i].compareTo(pb[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pa.length, pb.length);
    }
}
