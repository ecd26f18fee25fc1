package io.dsbench.patterns.caching;

/**
 * A test hook called by cache-aside readers on a cache miss, after reading the store and before putting the
 * value into the cache: the window of the stale-set race. Rule CACHE-S5 blocks a reader here (with latches,
 * not sleeps) while a writer writes and invalidates. Production code uses {@link #NONE}.
 */
@FunctionalInterface
public interface ReadHook {
    /** Does nothing. */
    ReadHook NONE = key -> { };

    /**
     * Called on the reader's thread after its store read for {@code key}.
     *
     * @throws InterruptedException if the hook is interrupted while blocking
     */
    void afterStoreRead(String key) throws InterruptedException;
}
