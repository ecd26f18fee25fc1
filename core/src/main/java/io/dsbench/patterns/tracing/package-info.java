/**
 * Tracing of backend operations and patterns with OpenTelemetry.
 *
 * <p>{@link io.dsbench.patterns.tracing.Tracing} is the switch: {@code Tracing.of(openTelemetry)} traces,
 * {@code Tracing.off()} creates no span. Patterns (sagas, two-phase commit, quorum replication) take a
 * {@code Tracing} and wrap their steps with {@link io.dsbench.patterns.tracing.Tracing#inSpan}; the
 * {@link io.dsbench.patterns.tracing.TracingBackend} decorator makes every primitive operation of a backend a span
 * ({@code kv.put}, {@code registry.discover}, ...). Context crosses process boundaries as W3C Trace Context
 * ({@code traceparent}) headers with {@link io.dsbench.patterns.tracing.Tracing#inject()} and
 * {@link io.dsbench.patterns.tracing.Tracing#extract(java.util.Map)}.
 *
 * <p>Only the OpenTelemetry API is needed at run time; an SDK (and, in tests, its in-memory exporter) decides where
 * spans go.
 */
package io.dsbench.patterns.tracing;
