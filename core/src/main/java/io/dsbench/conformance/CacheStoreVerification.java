package io.dsbench.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.spec.cache.CacheStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Conformance rules CACHE-1..CACHE-7 for {@link CacheStore}. Extend it and implement
 * {@link #openBackend()}; every rule uses a fresh cache name.
 *
 * <p>Time-based rules (CACHE-2, CACHE-3, CACHE-5) use TTLs of at least {@link #shortTtl()} and allow
 * {@link #tolerance()}. A cache may evict early; these rules write a handful of small entries, well within
 * any sensible capacity, so an eviction here counts as a failure.
 */
public abstract class CacheStoreVerification extends AbstractVerification {

    /** A cache with a fresh name. */
    protected CacheStore cache() {
        return backend.cache(unique("cache"));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean holds(CacheStore cache, String key, String value) {
        Optional<byte[]> got = cache.get(key);
        return got.isPresent() && Arrays.equals(got.get(), utf8(value));
    }

    /**
     * Verifies that a missing entry reads as an empty {@code Optional} (not null, not an exception), and that
     * a put value reads back exactly: text, an empty value and all 256 byte values; and that changing the
     * caller's arrays afterwards does not change the entry.
     *
     * <p>If this fails, check value encoding and the mapping of "no such key" to empty.
     */
    @Test
    @ConformanceRule(id = "CACHE-1", title = "a missing entry is empty; put/get round-trips exactly")
    public void required_CACHE1_missingIsEmptyAndPutGetRoundTrips() {
        CacheStore cache = cache();
        assertThat(cache.get("missing")).as("CACHE-1: get of a missing entry").isNotNull().isEmpty();
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        byte[] written = utf8("hello");
        cache.put("text", written, longTtl());
        cache.put("empty", new byte[0], longTtl());
        cache.put("binary", all, longTtl());
        written[0] = 'X';
        assertThat(cache.get("text")).as("CACHE-1: text entry").hasValueSatisfying(v -> assertThat(v).isEqualTo(utf8("hello")));
        assertThat(cache.get("empty")).as("CACHE-1: empty entry").hasValueSatisfying(v -> assertThat(v).isEmpty());
        assertThat(cache.get("binary")).as("CACHE-1: binary entry").hasValueSatisfying(v -> assertThat(v).isEqualTo(all));
        cache.get("text").orElseThrow()[0] = 'Y';
        assertThat(holds(cache, "text", "hello")).as("CACHE-1: entry unchanged after changing a returned array").isTrue();
    }

    /**
     * Verifies that an entry is present until TTL - tolerance after its put and gone by TTL + tolerance.
     *
     * <p>If this fails, check the TTL unit sent to the server (seconds vs milliseconds, rounding down to 0
     * meaning "forever"), and the backend's declared tolerance.
     */
    @Test
    @ConformanceRule(id = "CACHE-2", title = "an entry is present before TTL - tolerance and gone after TTL + tolerance")
    public void required_CACHE2_entryExpiresWithinTolerance() {
        CacheStore cache = cache();
        Duration ttl = shortTtl();
        long sent = System.nanoTime();
        cache.put("k", utf8("v"), ttl);
        long returned = System.nanoTime();
        assertExpiryWindow("CACHE-2: entry with TTL " + ttl.toMillis() + " ms", sent, returned, ttl,
                () -> holds(cache, "k", "v"));
    }

    /**
     * Verifies that invalidate removes an entry at once and reports true, reports false for a missing entry,
     * and that put overwrites a live entry and restarts its TTL: the new value is still present after the
     * first put's TTL + tolerance has passed, and is gone by its own TTL + tolerance. An attempt the kit itself
     * spoils by oversleeping (an overloaded machine) is repeated, at most 3 attempts.
     *
     * <p>If this fails, check that put sets the TTL on every write (a plain SET without EX keeps no TTL; a
     * SET with KEEPTTL keeps the old one).
     */
    @Test
    @ConformanceRule(id = "CACHE-3", title = "invalidate removes; put overwrites and restarts the TTL")
    public void required_CACHE3_invalidateAndOverwrite() {
        CacheStore cache = cache();
        cache.put("gone", utf8("v"), longTtl());
        assertThat(cache.invalidate("gone")).as("CACHE-3: invalidate of a live entry").isTrue();
        assertThat(cache.get("gone")).as("CACHE-3: get after invalidate").isEmpty();
        assertThat(cache.invalidate("gone")).as("CACHE-3: invalidate of a missing entry").isFalse();

        // overwrite at TTL/2: before the first value may go (TTL - tolerance), and late enough that the first
        // value's latest expiry (TTL + tolerance) comes before the overwritten one's earliest (TTL/2 + TTL - tolerance)
        Duration ttl = max(shortTtl(), tolerance().multipliedBy(5));
        Duration overwriteAt = ttl.dividedBy(2);
        withTimingAttempts("CACHE-3", 3, () -> {
            String key = unique("k");
            long firstSent = System.nanoTime();
            cache.put(key, utf8("v1"), ttl);
            long firstReturned = System.nanoTime();
            letTimePass(overwriteAt);
            boolean firstPresent = holds(cache, key, "v1");
            long observed = System.nanoTime();
            if (!mustBeAlive(firstSent, observed, ttl)) {
                throw new KitTooSlow("the kit checked the first value " + Duration.ofNanos(observed - firstSent).toMillis()
                        + " ms after its put instead of " + overwriteAt.toMillis() + " ms");
            }
            assertThat(firstPresent).as("CACHE-3: first value %s ms after its put (TTL %s ms)",
                    Duration.ofNanos(observed - firstSent).toMillis(), ttl.toMillis()).isTrue();
            long sent = System.nanoTime();
            if (!mustBeAlive(firstSent, sent, ttl) || sent - (firstReturned + overwriteAt.toNanos() * 3 / 2) > 0) {
                throw new KitTooSlow("the kit overwrote " + Duration.ofNanos(sent - firstSent).toMillis()
                        + " ms after the first put instead of " + overwriteAt.toMillis() + " ms");
            }
            cache.put(key, utf8("v2"), ttl);
            long returned = System.nanoTime();
            assertThat(holds(cache, key, "v2")).as("CACHE-3: value right after the overwriting put").isTrue();
            assertExpiryWindow("CACHE-3: overwritten entry (its TTL must restart at the second put; TTL " + ttl.toMillis()
                    + " ms, second put " + Duration.ofNanos(sent - firstReturned).toMillis() + " ms after the first)",
                    sent, returned, ttl, () -> holds(cache, key, "v2"));
        });
    }

    /**
     * Verifies that a null, zero or negative TTL, a TTL below the backend's declared minimum, a null or empty
     * key and a null value are {@link IllegalArgumentException}s naming the argument, for put and
     * putIfAbsent, and store nothing.
     *
     * <p>If this fails, check argument validation before the server call (a zero TTL often means "no expiry"
     * on servers, which silently keeps entries forever).
     */
    @Test
    @ConformanceRule(id = "CACHE-4", title = "a null, zero, negative or too small TTL, an empty key or a null value is rejected with a clear error")
    public void required_CACHE4_badArgumentsAreRejected() {
        CacheStore cache = cache();
        List<Duration> badTtls = new ArrayList<>(Arrays.asList(null, Duration.ZERO, Duration.ofSeconds(-1)));
        Duration belowMin = backend.timing().minTtl().dividedBy(2);
        if (!belowMin.isZero()) {
            badTtls.add(belowMin);
        }
        for (Duration bad : badTtls) {
            assertThatThrownBy(() -> cache.put("k", utf8("v"), bad)).as("CACHE-4: put with TTL %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
            assertThatThrownBy(() -> cache.putIfAbsent("k", utf8("v"), bad)).as("CACHE-4: putIfAbsent with TTL %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        }
        for (String bad : new String[] {null, ""}) {
            assertThatThrownBy(() -> cache.put(bad, utf8("v"), longTtl())).as("CACHE-4: put with key %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
            assertThatThrownBy(() -> cache.get(bad)).as("CACHE-4: get with key %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
            assertThatThrownBy(() -> cache.invalidate(bad)).as("CACHE-4: invalidate with key %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
        }
        assertThatThrownBy(() -> cache.put("k", null, longTtl())).as("CACHE-4: put with a null value")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value");
        assertThat(cache.get("k")).as("CACHE-4: rejected calls stored nothing").isEmpty();
    }

    /**
     * Verifies putIfAbsent: it stores and reports true when there is no entry; reports false and leaves the
     * value alone while a live entry exists; stores again after invalidate; and stores again once the
     * previous entry has expired (an expired entry counts as absent).
     *
     * <p>If this fails, check that the "if absent" test and the write are one atomic server operation
     * (SET NX with a TTL), and that expired entries are not counted as present.
     */
    @Test
    @ConformanceRule(id = "CACHE-5", title = "putIfAbsent writes only when no live entry exists (expired counts as absent)")
    public void required_CACHE5_putIfAbsent() {
        CacheStore cache = cache();
        assertThat(cache.putIfAbsent("k", utf8("first"), longTtl())).as("CACHE-5: putIfAbsent on a missing entry").isTrue();
        assertThat(cache.putIfAbsent("k", utf8("second"), longTtl())).as("CACHE-5: putIfAbsent on a live entry").isFalse();
        assertThat(holds(cache, "k", "first")).as("CACHE-5: value after a refused putIfAbsent").isTrue();
        assertThat(cache.invalidate("k")).isTrue();
        assertThat(cache.putIfAbsent("k", utf8("third"), longTtl())).as("CACHE-5: putIfAbsent after invalidate").isTrue();
        assertThat(holds(cache, "k", "third")).isTrue();

        Duration ttl = shortTtl();
        assertThat(cache.putIfAbsent("short", utf8("old"), ttl)).isTrue();
        long returned = System.nanoTime();
        assertWithin("CACHE-5: entry with TTL " + ttl.toMillis() + " ms gone within TTL + tolerance", returned,
                ttl.plus(tolerance()), () -> cache.get("short").isEmpty());
        assertThat(cache.putIfAbsent("short", utf8("new"), longTtl())).as("CACHE-5: putIfAbsent after expiry").isTrue();
        assertThat(holds(cache, "short", "new")).as("CACHE-5: value after putIfAbsent over an expired entry").isTrue();
    }

    /**
     * Verifies that when 16 threads race putIfAbsent on one key, exactly one is told it stored, and the
     * cache holds that thread's value. Repeated (a fresh key per round) until 20 rounds had two calls in flight
     * at the same instant ({@link #raceRounds}).
     *
     * <p>If this fails, check that putIfAbsent is atomic on the server, not a get followed by a put.
     */
    @Test
    @ConformanceRule(id = "CACHE-6", title = "putIfAbsent succeeds for exactly one of 16 concurrent callers (20 racing rounds)")
    public void required_CACHE6_concurrentPutIfAbsentHasOneWinner() {
        CacheStore cache = cache();
        int threads = 16;
        raceRounds("CACHE-6", threads, 20, 1000,
                (round, i) -> cache.putIfAbsent("race-" + round, utf8("thread-" + i), longTtl()),
                (round, stored) -> {
                    List<Integer> winners = new ArrayList<>();
                    for (int i = 0; i < threads; i++) {
                        if (stored.get(i)) {
                            winners.add(i);
                        }
                    }
                    assertThat(winners).as("CACHE-6: round %d: threads told their putIfAbsent stored", round).hasSize(1);
                    assertThat(holds(cache, "race-" + round, "thread-" + winners.get(0)))
                            .as("CACHE-6: round %d: the cache holds the winner's value", round).isTrue();
                });
    }

    /**
     * Verifies that caches with different names are isolated (the same key holds independent values;
     * invalidating in one leaves the other alone), and that two handles of the same name share entries.
     *
     * <p>If this fails, check how the cache name and the key are combined into a server key.
     */
    @Test
    @ConformanceRule(id = "CACHE-7", title = "caches are isolated by name; handles of one name share entries")
    public void required_CACHE7_cachesAreIsolatedByName() {
        String name = unique("cache");
        CacheStore a = backend.cache(name);
        CacheStore sameAsA = backend.cache(name);
        CacheStore b = backend.cache(name + "-other");
        a.put("k", utf8("in a"), longTtl());
        assertThat(b.get("k")).as("CACHE-7: another cache's entry").isEmpty();
        assertThat(holds(sameAsA, "k", "in a")).as("CACHE-7: a second handle of the same cache").isTrue();
        b.put("k", utf8("in b"), longTtl());
        assertThat(b.invalidate("k")).isTrue();
        assertThat(holds(a, "k", "in a")).as("CACHE-7: entry after another cache invalidated the same key").isTrue();
        assertThat(a.name()).as("CACHE-7: name()").isEqualTo(name);
    }
}
