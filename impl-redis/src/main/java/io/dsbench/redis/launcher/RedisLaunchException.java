package io.dsbench.redis.launcher;

/**
 * A server could not be found, started, reached or stopped. The message says which server (role, host:port),
 * what went wrong, and ends with the tail of the server's log when there is one, so a failing test shows why.
 */
public class RedisLaunchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RedisLaunchException(String message) {
        super(message);
    }

    public RedisLaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
