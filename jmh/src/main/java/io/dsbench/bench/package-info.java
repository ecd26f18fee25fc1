/**
 * What {@code dsbench bench} measures besides the JMH benchmarks: open-loop latency, rate sweeps, client scaling,
 * the servers' own tools as baselines, and router quality.
 *
 * <h2>Latency without coordinated omission</h2>
 * {@link io.dsbench.bench.LoadGenerator} in {@link io.dsbench.bench.LoadGenerator.Loop#OPEN open loop} sends
 * requests on a fixed schedule (constant arrival rate) and measures each one from its <em>intended</em> start time,
 * the instant the schedule said it should be sent. A server that stalls for a second therefore shows as a second of
 * latency on every request that was due during the stall and the backlog after it, exactly as a user would see it.
 * A {@link io.dsbench.bench.LoadGenerator.Loop#CLOSED closed-loop} run measures from the actual send, so a client
 * stuck on one slow request neither sends nor measures the requests it owed meanwhile: the stall shows once per
 * client, which is the coordinated omission the open loop avoids. Both are offered so the difference can be shown
 * ({@code stall.kv.get}).
 *
 * <p>Each operation has its own HdrHistogram {@link org.HdrHistogram.Recorder} (nanoseconds, 3 significant digits);
 * intervals go to {@code .hlog} files written by {@link org.HdrHistogram.HistogramLogWriter}, readable by
 * HdrHistogram's own {@code HistogramLogProcessor}. The warm-up has its own recorder and its intervals carry a
 * {@code warmup-} tag, so they are kept for inspection but are in no reported figure.
 *
 * <p>Figures are percentiles (p50, p90, p99, p99.9, p99.99, max), never an average alone.
 */
package io.dsbench.bench;
