package io.dsbench.jmh;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ratios issue 13 asks for, computed from the throughput rows of one run: in-memory baselines (ours against a
 * reference library, items 3) and pattern overheads (a pattern against the raw primitive it is built on, same
 * backend, item 5). A pair whose rows are missing or failed is left out.
 */
final class Comparisons {
    private Comparisons() {
    }

    /** One side of a pair: a short name and the parameters a row must have. */
    record Side(String name, Map<String, String> params) {
        boolean matches(JmhBenchmarks.Row r) {
            if (!r.name().equals(name) || !r.ok() || !"thrpt".equals(r.mode())) {
                return false;
            }
            for (Map.Entry<String, String> p : params.entrySet()) {
                if (!p.getValue().equals(r.params().get(p.getKey()))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            if (params.isEmpty()) {
                return name;
            }
            StringBuilder b = new StringBuilder(name).append('[');
            params.forEach((k, v) -> b.append(b.charAt(b.length() - 1) == '[' ? "" : ",").append(k).append('=').append(v));
            return b.append(']').toString();
        }
    }

    record Pair(String kind, String label, Side subject, Side reference, String goal) {
    }

    static final List<Pair> PAIRS = List.of(
            new Pair("baseline", "jump hash vs Guava Hashing.consistentHash",
                    new Side("baseline.jump.bucket", Map.of("impl", "DSBENCH")),
                    new Side("baseline.jump.bucket", Map.of("impl", "GUAVA")), ">= 0.91 (time within 1.1x)"),
            new Pair("baseline", "in-memory kv get vs ConcurrentHashMap.get",
                    new Side("baseline.kv.get", Map.of("impl", "DSBENCH_INMEMORY")),
                    new Side("baseline.kv.get", Map.of("impl", "CONCURRENT_HASH_MAP")), ">= 0.67 (time within 1.5x)"),
            new Pair("baseline", "in-memory cache store get vs Caffeine getIfPresent",
                    new Side("baseline.cache.get", Map.of("impl", "DSBENCH_INMEMORY")),
                    new Side("baseline.cache.get", Map.of("impl", "CAFFEINE")), null),
            new Pair("overhead", "idempotent put vs put",
                    new Side("idempotency.put", Map.of()), new Side("kv.put", Map.of()), null),
            new Pair("overhead", "saga of 3 steps vs 3 puts",
                    new Side("saga.three_steps", Map.of()), new Side("kv.three_puts", Map.of()), null),
            new Pair("overhead", "2PC with 3 participants vs 3 puts",
                    new Side("tpc.three_participants", Map.of()), new Side("kv.three_puts", Map.of()), null),
            new Pair("overhead", "quorum write (N=3, plain) vs one write",
                    new Side("quorum.write", Map.of("mode", "plain", "replicas", "3")), new Side("kv.put", Map.of()),
                    null),
            new Pair("overhead", "quorum write (N=5, plain) vs one write",
                    new Side("quorum.write", Map.of("mode", "plain", "replicas", "5")), new Side("kv.put", Map.of()),
                    null),
            new Pair("overhead", "quorum write (N=3, ABD) vs one write",
                    new Side("quorum.write", Map.of("mode", "abd", "replicas", "3")), new Side("kv.put", Map.of()),
                    null),
            new Pair("overhead", "quorum write (N=5, ABD) vs one write",
                    new Side("quorum.write", Map.of("mode", "abd", "replicas", "5")), new Side("kv.put", Map.of()),
                    null),
            new Pair("overhead", "quorum write N=5 vs N=3 (plain): cost of two more replicas",
                    new Side("quorum.write", Map.of("mode", "plain", "replicas", "5")),
                    new Side("quorum.write", Map.of("mode", "plain", "replicas", "3")), null),
            new Pair("baseline", "checker, 1,000 ops: dsbench vs unpartitioned WGL search",
                    new Side("checker.check", Map.of("ops", "1000")),
                    new Side("checker.check_unpartitioned", Map.of("ops", "1000")), null),
            new Pair("baseline", "checker, 10,000 ops: dsbench vs unpartitioned WGL search",
                    new Side("checker.check", Map.of("ops", "10000")),
                    new Side("checker.check_unpartitioned", Map.of("ops", "10000")), null),
            new Pair("overhead", "cache-aside hit vs kv get",
                    new Side("cache.get_hit", Map.of("strategy", "cache-aside")), new Side("kv.get", Map.of()), null),
            new Pair("overhead", "tracing on vs off (kv get)",
                    new Side("tracing.kv_get", Map.of("tracing", "on")),
                    new Side("tracing.kv_get", Map.of("tracing", "off")), "< 1 us added per operation (in-memory)"));

    static List<JmhBenchmarks.Comparison> of(List<JmhBenchmarks.Row> rows) {
        Set<String> backends = new LinkedHashSet<>();
        rows.forEach(r -> backends.add(r.backend()));
        List<JmhBenchmarks.Comparison> out = new ArrayList<>();
        for (String backend : backends) {
            for (Pair p : PAIRS) {
                Optional<JmhBenchmarks.Row> s = find(rows, backend, p.subject());
                Optional<JmhBenchmarks.Row> r = find(rows, backend, p.reference());
                if (s.isPresent() && r.isPresent() && r.get().score() > 0) {
                    out.add(new JmhBenchmarks.Comparison(p.kind(), backend, p.label(), p.subject().toString(),
                            p.reference().toString(), s.get().score(), r.get().score(), s.get().unit(),
                            s.get().score() / r.get().score(), 1e6 / s.get().score() - 1e6 / r.get().score(),
                            p.goal()));
                }
            }
        }
        return out;
    }

    private static Optional<JmhBenchmarks.Row> find(List<JmhBenchmarks.Row> rows, String backend, Side side) {
        return rows.stream().filter(r -> r.backend().equals(backend) && side.matches(r)).findFirst();
    }
}
