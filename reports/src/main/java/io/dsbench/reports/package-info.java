/**
 * Turns a results directory ({@code results/<run-id>/}: {@code run.json}, {@code conformance.json} or
 * {@code rules.jsonl}, {@code checks/}{@code *}{@code /result.json}, {@code bench.json}, {@code jmh.json},
 * {@code baselines.json}, {@code latency/*.hlog}) into one self-contained {@code index.html} (inline CSS and
 * script, charts drawn here as inline SVG, nothing fetched), {@code summary.md} and {@code summary.json}.
 * Reads files only; never re-runs anything. Every input file is optional and read tolerantly (missing or extra
 * keys are fine); what is missing, malformed or partial is listed in the report with the reason.
 *
 * <p>Entry point: {@link io.dsbench.reports.ReportWriter#write(java.nio.file.Path)} (and the two-argument form to
 * compare with an earlier run). Layout: {@code RunData} loads, {@code Model} holds the parsed rows, one class per
 * section renders ({@code EnvironmentSection}, {@code ConformanceSection}, {@code ConsistencySection},
 * {@code PerformanceSection}, {@code BaselineSection} for baselines, overheads and sharding), {@code Svg} draws the
 * charts, {@code Conclusions} writes the sentences (each naming its figure, numbered by {@code Page}),
 * {@code Comparison} compares two runs and {@code Summaries} writes the Markdown and JSON.
 */
package io.dsbench.reports;
