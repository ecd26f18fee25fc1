package io.dsbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The rows the report reads from result files, each parsed tolerantly (absent keys are null). */
final class Model {
    private Model() {
    }

    /** Something the report could not use, and why. */
    record Problem(String file, Kind kind, String message) {
        enum Kind {
            /** not produced: the command that writes it was not part of this run */
            NOT_PRODUCED,
            /** present but unusable: malformed, empty, or referring to something missing */
            BROKEN,
            /** usable but incomplete: an interrupted run, a failed benchmark */
            PARTIAL
        }
    }

    /** One rule on one backend (conformance.json {@code results[]} or a rules.jsonl line). */
    record RuleRow(String rule, String title, String level, String group, String backend, String outcome,
                   String message, Long durationMs, String test, Map<String, String> measurements) {
        static RuleRow of(JsonNode n) {
            String outcome = Json.text(n, "outcome");
            return new RuleRow(Json.text(n, "rule"), Json.text(n, "title"), Json.text(n, "level"),
                    Json.text(n, "group"), Json.text(n, "backend"),
                    outcome == null ? "unknown" : outcome.toLowerCase(java.util.Locale.ROOT), Json.text(n, "message"),
                    Json.num(n, "duration_ms") == null ? null : Json.num(n, "duration_ms").longValue(),
                    Json.text(n, "test"), Json.textMap(n, "measurements"));
        }

        /** The capability a skipped rule needed, from its message ("needs capability DURABLE, ..."), or null. */
        String missingCapability() {
            if (message == null) {
                return null;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("needs capabilit(?:y|ies) ([A-Z_]+(?:, [A-Z_]+)*)")
                    .matcher(message);
            return m.find() ? m.group(1).trim() : null;
        }
    }

    /**
     * Rules an interrupted run did not get to on one backend (conformance.json {@code not_run[]}).
     *
     * @param started whether the backend's rules had begun (false: none of them ran)
     * @param rules   one row per rule not run (outcome "not run", no message)
     */
    record NotRun(String backend, boolean started, List<RuleRow> rules) {
        static NotRun of(JsonNode n) {
            String backend = orDash(Json.text(n, "backend"));
            List<RuleRow> rules = new ArrayList<>();
            for (JsonNode r : Json.array(n, "rules")) {
                rules.add(new RuleRow(Json.text(r, "rule"), Json.text(r, "title"), Json.text(r, "level"),
                        Json.text(r, "group"), backend, "not run", null, null, null, Map.of()));
            }
            return new NotRun(backend, !Boolean.FALSE.equals(Json.bool(n, "started")), rules);
        }

        /** The rule ids, shortened to the first {@code max} and a count of the rest. */
        String ids(int max) {
            List<String> ids = rules.stream().map(RuleRow::rule).toList();
            return ids.size() <= max ? String.join(", ", ids)
                    : String.join(", ", ids.subList(0, max)) + " and " + (ids.size() - max) + " more";
        }
    }

    /** A backend as conformance.json describes it. */
    record BackendRow(String name, String description, List<String> capabilities, String error, Long durationMs) {
        static BackendRow of(JsonNode n) {
            Double d = Json.num(n, "duration_ms");
            return new BackendRow(Json.text(n, "name"), Json.text(n, "description"), Json.texts(n, "capabilities"),
                    Json.text(n, "error"), d == null ? null : d.longValue());
        }
    }

    /** One chaos check (checks/DIR/result.json). */
    record ChaosResult(String dir, String workload, String backend, List<String> nemesis, Long seed, Double timeS,
                       Double ratePerS, Long clients, String verdict, String expected, Boolean matchesExpectation,
                       Map<String, Long> anomalies, List<JsonNode> anomalyExamples, List<JsonNode> faults,
                       JsonNode phases, Map<String, String> files, JsonNode counts, String checkSummary) {
        static ChaosResult of(String dir, JsonNode n) {
            Map<String, Long> anomalies = new TreeMap<>();
            JsonNode a = Json.get(n, "anomalies");
            if (a.isObject()) {
                a.properties().forEach(e -> anomalies.put(e.getKey(), e.getValue().isNumber()
                        ? e.getValue().longValue() : null));
            }
            Map<String, String> files = new java.util.LinkedHashMap<>();
            JsonNode f = Json.get(n, "files");
            if (f.isObject()) {
                f.properties().forEach(e -> {
                    if (e.getValue().isTextual()) {
                        files.put(e.getKey(), e.getValue().asText());
                    } else if (e.getValue().isArray()) {
                        // several files of one kind (a log per server): each named by its file name (e1.log)
                        for (JsonNode x : e.getValue()) {
                            String path = x.asText();
                            files.put(path.substring(path.lastIndexOf('/') + 1), path);
                        }
                    }
                });
            }
            Double seed = Json.num(n, "seed");
            Double clients = Json.num(n, "clients");
            String verdict = Json.text(n, "verdict");
            return new ChaosResult(dir, orDash(Json.text(n, "workload")), orDash(Json.text(n, "backend")),
                    Json.texts(n, "nemesis"), seed == null ? null : seed.longValue(), Json.num(n, "time_s"),
                    Json.num(n, "rate_per_s"), clients == null ? null : clients.longValue(),
                    verdict == null ? "unknown" : verdict, Json.text(n, "expected"),
                    Json.bool(n, "matches_expectation"), anomalies, Json.array(n, "anomaly_examples"),
                    Json.array(n, "faults"), Json.get(n, "phases"), files, Json.get(n, "counts"),
                    Json.text(n, "check_summary") != null ? Json.text(n, "check_summary") : Json.text(n, "message"));
        }

        String nemesisText() {
            return nemesis.isEmpty() ? "none" : String.join("+", nemesis);
        }

        String key() {
            return workload + " / " + backend + " / " + nemesisText();
        }

        long anomalyTotal() {
            return anomalies.values().stream().filter(java.util.Objects::nonNull).mapToLong(Long::longValue).sum();
        }
    }

    /** One JMH benchmark x backend x params (bench.json {@code benchmarks[]}). */
    record Benchmark(String name, String group, String backend, Map<String, String> params, String mode, Double score,
                     Double error, String unit, Double p50Us, Double p99Us, String status, String reason) {
        static Benchmark of(JsonNode n) {
            String status = Json.text(n, "status");
            return new Benchmark(orDash(Json.text(n, "name")), Json.text(n, "group"), orDash(Json.text(n, "backend")),
                    Json.textMap(n, "params"), Json.text(n, "mode"), Json.num(n, "score"), Json.num(n, "error"),
                    Json.text(n, "unit"), Json.num(n, "p50_us"), Json.num(n, "p99_us"),
                    status == null ? (Json.num(n, "score") == null ? "failed" : "ok") : status, Json.text(n, "reason"));
        }

        boolean ok() {
            return "ok".equals(status) && score != null;
        }

        /** Name with its parameters other than the backend, e.g. {@code kv.get [clients=4]}. */
        String label() {
            Map<String, String> p = new TreeMap<>(params);
            p.remove("backend");
            return p.isEmpty() ? name : name + " " + p.toString().replace('{', '[').replace('}', ']');
        }

        /** Higher is better for throughput modes; lower for time per operation. */
        boolean higherIsBetter() {
            return mode == null || mode.equals("thrpt") || (unit != null && unit.contains("/s") && !unit.startsWith("s/"));
        }

        String key() {
            return label() + " @" + backend + " (" + mode + ")";
        }
    }

    /** One open- or closed-loop latency run (bench.json {@code latency[]}). */
    record LatencyRun(String backend, String op, Double offeredRate, Double achievedRate, Long count, Double p50Us,
                      Double p90Us, Double p99Us, Double p999Us, Double p9999Us, Double maxUs, String hlog,
                      String loop) {
        static LatencyRun of(JsonNode n) {
            Double c = Json.num(n, "count");
            return new LatencyRun(orDash(Json.text(n, "backend")), orDash(Json.text(n, "op")),
                    Json.num(n, "offered_rate_per_s"), Json.num(n, "achieved_rate_per_s"),
                    c == null ? null : c.longValue(), Json.num(n, "p50_us"), Json.num(n, "p90_us"),
                    Json.num(n, "p99_us"), Json.num(n, "p999_us"), Json.num(n, "p9999_us"), Json.num(n, "max_us"),
                    Json.text(n, "hlog"), Json.text(n, "loop"));
        }
    }

    /** Latency against offered rate for one backend and op, with the knee (bench.json {@code sweeps[]}). */
    record Sweep(String backend, String op, Double p99BoundUs, Double kneeRate, List<SweepPoint> points,
                 Boolean kneeBelowTop) {
        /**
         * Whether a knee was found: p99 crossed the bound at a rate that was tried. A "knee" at the top rate tried
         * only says the bound held everywhere (bench.json's {@code knee_below_top}; without it, judged from the points).
         */
        boolean kneeFound() {
            if (kneeRate == null) {
                return false;
            }
            if (kneeBelowTop != null) {
                return kneeBelowTop;
            }
            return points.stream().anyMatch(p -> p.offered() > kneeRate);
        }

        /** The highest rate tried, or null. */
        Double topRate() {
            return points.isEmpty() ? null : points.get(points.size() - 1).offered();
        }

        static Sweep of(JsonNode n) {
            List<SweepPoint> pts = new ArrayList<>();
            for (JsonNode p : Json.array(n, "points")) {
                Double offered = Json.num(p, "offered_rate_per_s");
                if (offered != null) {
                    pts.add(new SweepPoint(offered, Json.num(p, "achieved_rate_per_s"), Json.num(p, "p50_us"),
                            Json.num(p, "p99_us"), Json.num(p, "max_us")));
                }
            }
            pts.sort(java.util.Comparator.comparingDouble(SweepPoint::offered));
            return new Sweep(orDash(Json.text(n, "backend")), orDash(Json.text(n, "op")), Json.num(n, "p99_bound_us"),
                    Json.num(n, "knee_rate_per_s"), pts, Json.bool(n, "knee_below_top"));
        }
    }

    record SweepPoint(double offered, Double achieved, Double p50Us, Double p99Us, Double maxUs) {
    }

    /** Throughput and p99 against clients (bench.json {@code scaling[]}). */
    record Scaling(String backend, String op, List<ScalingPoint> points) {
        static Scaling of(JsonNode n) {
            List<ScalingPoint> pts = new ArrayList<>();
            for (JsonNode p : Json.array(n, "points")) {
                Double clients = Json.num(p, "clients");
                if (clients != null) {
                    pts.add(new ScalingPoint(clients, Json.num(p, "throughput_per_s"), Json.num(p, "p99_us")));
                }
            }
            pts.sort(java.util.Comparator.comparingDouble(ScalingPoint::clients));
            return new Scaling(orDash(Json.text(n, "backend")), orDash(Json.text(n, "op")), pts);
        }
    }

    record ScalingPoint(double clients, Double throughput, Double p99Us) {
    }

    /** Ours beside the server's own tool (bench.json {@code baselines[]}). */
    record Baseline(String backend, String op, String tool, Double toolFigure, Double ours, String unit, Double ratio,
                    String goal, String label) {
        static Baseline of(JsonNode n) {
            Double tool = Json.num(n, "tool_figure");
            Double ours = Json.num(n, "ours");
            Double ratio = Json.num(n, "ratio");
            if (tool != null && ours != null && tool != 0) {
                ratio = ours / tool; // from the figures: bench.json rounds ratio to 3 decimals
            }
            return new Baseline(orDash(Json.text(n, "backend")), orDash(Json.text(n, "op")), Json.text(n, "tool"),
                    tool, ours, Json.text(n, "unit"), ratio, Json.text(n, "goal"), Json.text(n, "label"));
        }

        /** The human name ("jump hash vs Guava Hashing.consistentHash") when bench.json gives one, else op vs tool. */
        String title() {
            return label != null ? label : op + " vs " + tool;
        }

        /** Whether the ratio meets a goal written like {@code ">= 0.8"}; null when there is no goal or ratio. */
        Boolean meetsGoal() {
            if (goal == null || ratio == null) {
                return null;
            }
            // ">= 0.8", also with an explanation after it: ">= 0.91 (time within 1.1x)"
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(>=|<=|>|<)\\s*([0-9]+(?:\\.[0-9]+)?)")
                    .matcher(goal);
            if (!m.lookingAt()) {
                return null;
            }
            double g = Double.parseDouble(m.group(2));
            return switch (m.group(1)) {
                case ">=" -> ratio >= g;
                case "<=" -> ratio <= g;
                case ">" -> ratio > g;
                default -> ratio < g;
            };
        }
    }

    /** A pattern's cost over its raw primitive (bench.json {@code overheads[]}). */
    record Overhead(String backend, String pattern, String raw, Double rawFigure, Double patternFigure, String unit,
                    Double ratio) {
        static Overhead of(JsonNode n) {
            Double raw = Json.num(n, "raw_figure");
            Double pat = Json.num(n, "pattern_figure");
            Double ratio = Json.num(n, "ratio");
            if (raw != null && pat != null && raw != 0) {
                ratio = pat / raw; // from the figures: bench.json rounds ratio to 3 decimals (0.002 for 0.0022)
            }
            return new Overhead(orDash(Json.text(n, "backend")), orDash(Json.text(n, "pattern")), Json.text(n, "raw"),
                    raw, pat, Json.text(n, "unit"), ratio);
        }
    }

    /** Router quality as nodes change (bench.json {@code sharding[]}). */
    record Shard(String router, Long nodesFrom, Long nodesTo, Long keys, Double imbalance, Double moved,
                 Double idealMoved) {
        static Shard of(JsonNode n) {
            Double from = Json.num(n, "nodes_from");
            Double to = Json.num(n, "nodes_to");
            Double keys = Json.num(n, "keys");
            return new Shard(orDash(Json.text(n, "router")), from == null ? null : from.longValue(),
                    to == null ? null : to.longValue(), keys == null ? null : keys.longValue(), Json.num(n, "imbalance"),
                    Json.num(n, "moved_fraction"), Json.num(n, "ideal_moved_fraction"));
        }

        String change() {
            return (nodesFrom == null ? "?" : nodesFrom) + " \u2192 " + (nodesTo == null ? "?" : nodesTo);
        }
    }

    static String orDash(String s) {
        return s == null || s.isBlank() ? "?" : s;
    }
}
