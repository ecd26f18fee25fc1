package io.dsbench.jmh.support;

import com.google.common.hash.Hashing;
import io.dsbench.patterns.sharding.JumpHashRouter;

/**
 * Jump consistent hash implementations compared side by side (chosen by {@code @Param impl}): dsbench's
 * {@link JumpHashRouter#bucket(long, int)} against Guava's {@link Hashing#consistentHash(long, int)}, both given the
 * same precomputed 64-bit hashes, so only the bucket computation is compared.
 */
public enum JumpImpl {
    DSBENCH {
        @Override
        public int bucket(long hash, int buckets) {
            return JumpHashRouter.bucket(hash, buckets);
        }
    },
    GUAVA {
        @Override
        public int bucket(long hash, int buckets) {
            return Hashing.consistentHash(hash, buckets);
        }
    };

    /** The bucket in {@code [0, buckets)} of a 64-bit hash. */
    public abstract int bucket(long hash, int buckets);
}
