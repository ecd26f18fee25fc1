package io.dsbench.jmh;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The benchmarks JMH's annotation processor listed in {@code META-INF/BenchmarkList}, under short names: the class's
 * prefix (table below) and the method name in snake case, e.g. {@code CacheBenchmark.getHit -> cache.get_hit}. A
 * benchmark class missing from the table is an error, so a new class cannot run under a made-up name.
 */
final class Catalog {
    /** Simple class name -> short-name prefix and the kit's group. */
    private static final Map<String, String[]> PREFIXES = Map.ofEntries(
            Map.entry("KvBenchmark", new String[] {"kv", "KV"}),
            Map.entry("RegistryBenchmark", new String[] {"registry", "REG"}),
            Map.entry("CacheBenchmark", new String[] {"cache", "CACHE"}),
            Map.entry("IdempotencyBenchmark", new String[] {"idempotency", "IDEM"}),
            Map.entry("LockBenchmark", new String[] {"lock", "LOCK"}),
            Map.entry("QuorumBenchmark", new String[] {"quorum", "QUORUM"}),
            Map.entry("SagaBenchmark", new String[] {"saga", "SAGA"}),
            Map.entry("TpcBenchmark", new String[] {"tpc", "TPC"}),
            Map.entry("RouterBenchmark", new String[] {"router", "SHARD"}),
            Map.entry("TracingBenchmark", new String[] {"tracing", "TRACE"}),
            Map.entry("KvBaselineBenchmark", new String[] {"baseline.kv", "BASELINE"}),
            Map.entry("CacheBaselineBenchmark", new String[] {"baseline.cache", "BASELINE"}),
            Map.entry("JumpHashBaselineBenchmark", new String[] {"baseline.jump", "BASELINE"}),
            Map.entry("CheckerBenchmark", new String[] {"checker", "LIN"}),
            Map.entry("CheckerBaselineBenchmark", new String[] {"checker", "LIN"}));

    /** The parameter that selects the backend. */
    static final String BACKEND_PARAM = "backend";

    /**
     * One benchmark method (or {@code @Group}).
     *
     * @param name   short name
     * @param group  kit group
     * @param jmhName JMH's name (class.method)
     * @param params parameters and their declared values, in declaration order
     */
    record Info(String name, String group, String jmhName, Map<String, List<String>> params) {
        boolean perBackend() {
            return params.containsKey(BACKEND_PARAM);
        }
    }

    private final Map<String, Info> byName;

    private Catalog(Map<String, Info> byName) {
        this.byName = byName;
    }

    static Catalog load() {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        Map<String, Info> out = new TreeMap<>();
        for (BenchmarkListEntry e : BenchmarkList.defaultList().getAll(
                OutputFormatFactory.createFormatInstance(sink, VerboseMode.SILENT), List.of())) {
            String jmhName = e.getUsername();
            if (out.values().stream().anyMatch(i -> i.jmhName().equals(jmhName))) {
                continue; // one entry per mode
            }
            Map<String, List<String>> params = new LinkedHashMap<>();
            if (e.getParams().hasValue()) {
                e.getParams().get().forEach((k, v) -> params.put(k, List.of(v)));
            }
            Info info = info(jmhName, params);
            out.put(info.name(), info);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no JMH benchmarks on the class path (META-INF/BenchmarkList is missing:"
                    + " was dsbench-jmh compiled with jmh-generator-annprocess?)");
        }
        return new Catalog(out);
    }

    static Info info(String jmhName, Map<String, List<String>> params) {
        int dot = jmhName.lastIndexOf('.');
        String cls = jmhName.substring(jmhName.lastIndexOf('.', dot - 1) + 1, dot);
        String method = jmhName.substring(dot + 1);
        String[] prefix = PREFIXES.get(cls);
        if (prefix == null) {
            throw new IllegalStateException("benchmark class " + cls + " has no short-name prefix in "
                    + Catalog.class.getName() + ".PREFIXES");
        }
        return new Info(prefix[0] + "." + snake(method), prefix[1], jmhName, params);
    }

    /** {@code getHit -> get_hit}. */
    static String snake(String camel) {
        StringBuilder b = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                b.append('_').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    /** Every benchmark, by short name. */
    Map<String, Info> all() {
        return byName;
    }

    /** The short names matching {@code regex} (find), sorted; every name when the regex is null. */
    List<String> names(String regex) {
        List<String> out = new ArrayList<>();
        for (Info i : select(regex)) {
            out.add(i.name());
        }
        return out;
    }

    /** The benchmarks whose short name matches {@code regex} (find); all when null. */
    List<Info> select(String regex) {
        Pattern p;
        try {
            p = regex == null ? null : Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("--include '" + regex + "' is not a valid regular expression: "
                    + e.getDescription(), e);
        }
        List<Info> out = new ArrayList<>();
        for (Info i : byName.values()) {
            if (p == null || p.matcher(i.name()).find()) {
                out.add(i);
            }
        }
        return out;
    }
}
