/**
 * Service discovery over any {@link io.dsbench.spec.registry.ServiceRegistry}.
 *
 * <p><b>Client-side discovery</b>: {@link io.dsbench.patterns.discovery.DiscoveryClient} reads the healthy instances
 * of a service (optionally cached with a strict staleness bound) and picks one with a
 * {@link io.dsbench.patterns.discovery.LoadBalancer}: round robin, random, or power-of-two-choices on the client's
 * in-flight requests. No instance is a {@link io.dsbench.patterns.discovery.NoInstanceAvailableException}.
 *
 * <p><b>Server-side discovery</b> is the same client placed in a proxy: callers address the proxy, which runs
 * {@code client.call(service, instance -> forward(request, instance))} for each request. The kit's DISC rules
 * therefore cover both styles; what server-side adds (one hop, one more component to replicate) is deployment, not
 * algorithm.
 */
package io.dsbench.patterns.discovery;
