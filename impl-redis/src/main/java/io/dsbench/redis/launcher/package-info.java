/**
 * Starts and stops real {@code redis-server} processes on loopback for tests, chaos runs and benchmarks:
 * {@link io.dsbench.redis.launcher.RedisLauncher} finds the binary and starts a
 * {@link io.dsbench.redis.launcher.RedisDeployment} (standalone; primary + replicas; primary + replicas +
 * Sentinels) described by {@link io.dsbench.redis.launcher.RedisLaunchOptions}. Each server is a
 * {@link io.dsbench.redis.launcher.RedisServerProcess} with its own port, temp directory and captured log;
 * faults (SIGKILL, SIGSTOP/SIGCONT, restart) act on one process by PID. Every process started here is also
 * stopped from a JVM shutdown hook, so an aborted run leaves no server behind.
 */
package io.dsbench.redis.launcher;
