/**
 * The {@code redis} backend: every primitive of {@code io.dsbench.spec} on a real Redis through Lettuce
 * ({@link io.dsbench.redis.RedisBackendProvider}, {@link io.dsbench.redis.RedisBackend}). Atomic operations are
 * Lua scripts; TTLs are native {@code PX} expiry; the durable log is a Redis Stream; fencing tokens, versions,
 * claim tokens come from {@link io.dsbench.redis.MonotonicCounter} (never back, also after a restart without
 * persistence), log sequence numbers from {@code INCR}. Capabilities are declared from what
 * the server reports at open (a single primary is linearizable; asynchronous replicas are not). Launching real
 * servers lives in {@link io.dsbench.redis.launcher}.
 */
package io.dsbench.redis;
