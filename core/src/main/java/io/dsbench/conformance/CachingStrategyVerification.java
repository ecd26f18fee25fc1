package io.dsbench.conformance;

import static io.dsbench.conformance.Measurements.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dsbench.patterns.caching.CacheAside;
import io.dsbench.patterns.caching.LostWrite;
import io.dsbench.patterns.caching.ReadHook;
import io.dsbench.patterns.caching.VersionedCacheAside;
import io.dsbench.patterns.caching.WriteBehind;
import io.dsbench.patterns.caching.WriteBehindException;
import io.dsbench.patterns.caching.WriteBehindLoss;
import io.dsbench.patterns.caching.WriteThrough;
import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Conformance rules CACHE-S1..S5: the caching strategies of {@link io.dsbench.patterns.caching} over this
 * backend's {@link CacheStore} (the cache) and {@link KeyValueStore} (the system of record).
 *
 * <p>Every rule uses fresh cache and namespace names. Time-based checks use the backend's declared
 * {@link io.dsbench.spi.BackendTiming} plus {@link TestEnvironment#slack()}; the race in CACHE-S5 is driven
 * by latches in a {@link ReadHook}, not by sleeps.
 */
public abstract class CachingStrategyVerification extends AbstractVerification {
    private final ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "cache-s-kit");
        t.setDaemon(true);
        return t;
    });

    @AfterAll
    final void stopCachingThreads() {
        threads.shutdownNow();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(Optional<byte[]> v) {
        return v.map(x -> new String(x, StandardCharsets.UTF_8)).orElse(null);
    }

    private Duration entryTtl() {
        Duration min = backend.timing().minTtl();
        Duration ttl = env.scaled(Duration.ofSeconds(30));
        return ttl.compareTo(min) < 0 ? min : ttl;
    }

    private Duration atLeastMinTtl(Duration d) {
        Duration min = backend.timing().minTtl();
        return d.compareTo(min) < 0 ? min : d;
    }

    private Duration bound() {
        return env.operationBound();
    }

    /**
     * Cache-aside (plain and versioned): a read miss loads from the store and fills the cache; a later read
     * is served from the cache; a write updates the store and removes the cached value, so the next read
     * sees the new value; a missing key reads as empty and is not cached.
     * If this fails, check the backend's {@code CacheStore.put/get/invalidate} (CACHE-1..3) and that the
     * cache name and the KV namespace are isolated from other rules.
     */
    @Test
    @ConformanceRule(id = "CACHE-S1", title = "cache-aside reads populate the cache; a write invalidates")
    public void required_CACHES1_cacheAsideReadPopulatesWriteInvalidates() {
        CacheStore cache = backend.cache(unique("cs1"));
        KeyValueStore store = backend.keyValue(unique("cs1"));
        CacheAside aside = new CacheAside(cache, store, entryTtl());

        assertThat(aside.read("missing")).as("a key in neither cache nor store").isEmpty();
        assertThat(cache.get("missing")).as("a missing key must not be cached").isEmpty();

        store.put("k", b("v1"));
        assertThat(cache.get("k")).as("cache before the first read").isEmpty();
        assertThat(s(aside.read("k"))).as("first read (miss) returns the store's value").isEqualTo("v1");
        assertThat(s(cache.get("k"))).as("the miss filled the cache").isEqualTo("v1");
        store.put("k", b("v1-behind-the-cache's-back"));
        assertThat(s(aside.read("k"))).as("second read is served from the cache").isEqualTo("v1");

        aside.write("k", b("v2"));
        assertThat(s(store.get("k").map(Versioned::value))).as("the write reached the store").isEqualTo("v2");
        assertThat(cache.get("k")).as("the write invalidated the cached value").isEmpty();
        assertThat(s(aside.read("k"))).as("read after the write").isEqualTo("v2");
        assertThat(s(cache.get("k"))).as("the read after the write refilled the cache").isEqualTo("v2");

        CacheStore vcache = backend.cache(unique("cs1v"));
        VersionedCacheAside versioned = new VersionedCacheAside(vcache, store, entryTtl(),
                atLeastMinTtl(env.scaled(Duration.ofSeconds(1))));
        store.put("j", b("w1"));
        assertThat(s(versioned.read("j"))).as("versioned: first read").isEqualTo("w1");
        assertThat(s(versioned.cachedValue("j"))).as("versioned: the miss filled the cache").isEqualTo("w1");
        versioned.write("j", b("w2"));
        assertThat(versioned.cachedValue("j")).as("versioned: the write replaced the value by a tombstone").isEmpty();
        assertThat(s(versioned.read("j"))).as("versioned: read after the write").isEqualTo("w2");
    }

    /**
     * Write-through: after every write the cache and the store hold the same value, for sequential writes to
     * several keys and for 8 threads writing the same keys concurrently through one instance; reads are
     * served from the cache and refill it from the store after an eviction.
     * If this fails, check that {@code CacheStore.put} overwrites (CACHE-3) and that store puts are atomic.
     */
    @Test
    @ConformanceRule(id = "CACHE-S2", title = "write-through leaves cache and store equal after every write")
    public void required_CACHES2_writeThroughKeepsCacheAndStoreEqual() throws Exception {
        CacheStore cache = backend.cache(unique("cs2"));
        KeyValueStore store = backend.keyValue(unique("cs2"));
        WriteThrough wt = new WriteThrough(cache, store, entryTtl());
        for (int i = 0; i < 30; i++) {
            String key = "k" + (i % 3);
            wt.write(key, b("v" + i));
            assertThat(s(cache.get(key))).as("cache after write %d to %s", i, key).isEqualTo("v" + i);
            assertThat(s(store.get(key).map(Versioned::value))).as("store after write %d to %s", i, key).isEqualTo("v" + i);
        }
        cache.invalidate("k0");
        assertThat(s(wt.read("k0"))).as("read after eviction comes from the store").isEqualTo("v27");
        assertThat(s(cache.get("k0"))).as("and refills the cache").isEqualTo("v27");

        int writers = 8;
        int perWriter = 25;
        List<Future<?>> futures = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < writers; t++) {
            int thread = t;
            futures.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < perWriter; i++) {
                    wt.write("hot" + (i % 2), b("t" + thread + "-" + i));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(bound().toMillis(), TimeUnit.MILLISECONDS);
        }
        for (String key : List.of("hot0", "hot1")) {
            assertThat(s(cache.get(key))).as("after %d concurrent writes, cache and store agree on %s",
                    writers * perWriter, key).isNotNull().isEqualTo(s(store.get(key).map(Versioned::value)));
        }
    }

    /**
     * Write-behind: a write is in the cache at once, in the store only later, and in the store within the
     * configured flush delay plus one store write (+ only the kit's measured lateness); ten writes to one key
     * within the delay reach the store as one store write holding the last value; reads see the latest write before and after the flush.
     * If this fails, check that the backend's store accepts puts from a background thread and that the
     * machine is not so loaded that ten cache puts take longer than the delay (raise
     * {@code DSBENCH_TIMEOUT_SCALE}).
     */
    @Test
    @ConformanceRule(id = "CACHE-S3", title = "write-behind flushes within its delay and coalesces repeated writes to one key")
    public void required_CACHES3_writeBehindFlushesWithinDelayAndCoalesces(TestReporter reporter) throws Exception {
        Duration delay = env.scaled(Duration.ofMillis(800));
        CacheStore cache = backend.cache(unique("cs3"));
        KeyValueStore store = backend.keyValue(unique("cs3"));
        long probe = System.nanoTime();
        store.put("probe", b("p")); // how long one store write takes here: the flush makes one
        Duration storeWrite = since(probe);
        try (WriteBehind wb = writeBehind(cache, store, entryTtl(), delay)) {
            long t0 = System.nanoTime();
            wb.write("single", b("one"));
            long written = System.nanoTime(); // the delay starts inside write, after its cache put: at the latest now
            boolean absentRightAfter = store.get("single").isEmpty();
            long checkedAt = System.nanoTime() - t0;
            if (checkedAt < delay.toNanos()) {
                assertThat(absentRightAfter).as("write-behind must not write the store synchronously").isTrue();
            }
            assertThat(s(cache.get("single"))).as("the write is in the cache at once").isEqualTo("one");
            assertThat(s(wb.read("single"))).as("read-your-writes before the flush").isEqualTo("one");
            // the flush is due at the delay and takes one store write; the kit allows only its own measured lateness
            Duration bound = delay.plus(storeWrite);
            TestEnvironment.Waited flushed = env.awaitWithin(written, bound, () -> store.get("single").isPresent());
            assertThat(flushed.held()).as("CACHE-S3: the store had not received the write %s (delay %s ms + one store"
                    + " write %s ms)", flushed.describe(bound), delay.toMillis(), storeWrite.toMillis()).isTrue();
            publish(reporter, "CACHE-S3.flushMillis", flushed.elapsed().toMillis() + " (bound " + bound.toMillis()
                    + " + kit lateness " + flushed.allowance().toMillis() + ")");
        }

        withTimingAttempts("CACHE-S3", 3, () -> coalesces(delay, storeWrite));
    }

    /** Ten writes within the delay become one store write; the kit is too slow if the ten do not fit in it. */
    private void coalesces(Duration delay, Duration storeWrite) throws KitTooSlow {
        CacheStore cache2 = backend.cache(unique("cs3c"));
        KeyValueStore store2 = backend.keyValue(unique("cs3c"));
        try (WriteBehind wb = writeBehind(cache2, store2, entryTtl(), delay)) {
            long t0 = System.nanoTime();
            long firstWritten = 0;
            for (int i = 1; i <= 10; i++) {
                wb.write("k", b("v" + i));
                firstWritten = i == 1 ? System.nanoTime() : firstWritten;
            }
            long writing = System.nanoTime() - t0;
            if (writing >= delay.toNanos()) {
                throw new KitTooSlow("10 writes took " + writing / 1_000_000 + " ms, longer than the flush delay "
                        + delay.toMillis() + " ms");
            }
            assertThat(s(wb.read("k"))).as("read before the flush sees the last write").isEqualTo("v10");
            assertWithin("CACHE-S3: the store must receive the last value v10 within the delay", firstWritten,
                    delay.plus(storeWrite), () -> "v10".equals(s(store2.get("k").map(Versioned::value))));
            // the counter moves after the store put returns: wait for it instead of racing it
            assertThat(env.await(env.operationBound(), () -> wb.storeWrites() >= 1 && wb.pendingKeys() == 0))
                    .as("the flush that stored v10 completes").isTrue();
            assertThat(env.holdsFor(env.slack(), () -> wb.storeWrites() == 1))
                    .as("10 writes within the delay must coalesce into 1 store write (store writes: %d)", wb.storeWrites())
                    .isNull();
            assertThat(wb.writes()).isEqualTo(10);
            assertThat(s(wb.read("k"))).isEqualTo("v10");
        }
    }

    /** The write-behind CACHE-S3 drives (the kit's negative controls plant a defect here). */
    protected WriteBehind writeBehind(CacheStore cache, KeyValueStore store, Duration ttl, Duration flushDelay) {
        return new WriteBehind(cache, store, ttl, flushDelay);
    }

    /**
     * Write-behind closed without a flush returns exactly the writes that never reached the store (key, last
     * value, and the id of every lost write call, coalesced ones included), flushed writes are not reported,
     * writes after close are refused; a normal close flushes; a close whose flush fails throws and names the
     * lost writes (never silent). A write whose store put timed out (in any attempt) may be in the store: it is
     * reported as uncertain, never as lost, and a later write coalesced into the retry is lost on its own.
     * If this fails, check that the store's put is not retried into success after close.
     */
    @Test
    @ConformanceRule(id = "CACHE-S4", title = "write-behind closed without flush reports exactly which writes were lost")
    public void required_CACHES4_writeBehindReportsLostWrites() {
        Duration longDelay = Duration.ofMinutes(10);
        CacheStore cache = backend.cache(unique("cs4"));
        KeyValueStore store = backend.keyValue(unique("cs4"));
        WriteBehind wb = new WriteBehind(cache, store, entryTtl(), longDelay);
        long c = wb.writeWithId("c", b("c1"));
        assertThat(wb.flush().isEmpty()).as("explicit flush succeeded").isTrue();
        assertThat(s(store.get("c").map(Versioned::value))).isEqualTo("c1");
        long a1 = wb.writeWithId("a", b("a1"));
        long a2 = wb.writeWithId("a", b("a2"));
        long b1 = wb.writeWithId("b", b("b1"));
        WriteBehindLoss loss = wb.closeWithoutFlush();

        assertThat(loss.uncertain()).as("no flush was running").isEmpty();
        assertThat(loss.lost()).extracting(LostWrite::key).containsExactly("a", "b");
        assertThat(loss.lost().get(0).writeIds()).containsExactly(a1, a2);
        assertThat(s(Optional.of(loss.lost().get(0).value()))).isEqualTo("a2");
        assertThat(loss.lost().get(1).writeIds()).containsExactly(b1);
        assertThat(loss.lostWriteCount()).isEqualTo(3);
        assertThat(loss.lost()).extracting(LostWrite::writeIds).noneMatch(ids -> ids.contains(c));
        assertThat(store.get("a")).as("lost writes are not in the store").isEmpty();
        assertThat(store.get("b")).isEmpty();
        assertThatThrownBy(() -> wb.write("a", b("late"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");

        CacheStore cache2 = backend.cache(unique("cs4f"));
        KeyValueStore store2 = backend.keyValue(unique("cs4f"));
        WriteBehind flushing = new WriteBehind(cache2, store2, entryTtl(), longDelay);
        flushing.write("x", b("x1"));
        flushing.close();
        assertThat(s(store2.get("x").map(Versioned::value))).as("close() flushes pending writes").isEqualTo("x1");

        KeyValueStore broken = new ScriptedPuts(backend.keyValue(unique("cs4b")), ScriptedPuts.Outcome.REFUSE);
        RemoteCalls once = RemoteCalls.of(RemoteCalls.Settings.defaults().withMaxAttempts(1));
        WriteBehind failing = new WriteBehind(backend.cache(unique("cs4b")), broken, entryTtl(), longDelay, once);
        long y = failing.writeWithId("y", b("y1"));
        Throwable closed = catchThrowable(failing::close);
        assertThat(closed).isInstanceOf(WriteBehindException.class).hasMessageContaining("y");
        WriteBehindLoss refused = ((WriteBehindException) closed).loss();
        assertThat(refused.lost()).singleElement().satisfies(l -> assertThat(l.writeIds()).containsExactly(y));
        assertThat(refused.uncertain()).as("a refused store put is certainly lost, not uncertain").isEmpty();

        // a flush whose store put timed out after applying: that write may be in the store, so it is uncertain,
        // never lost; a later write to the key, coalesced into the retry, is lost if the retry fails
        KeyValueStore timingOut = new ScriptedPuts(backend.keyValue(unique("cs4t")),
                ScriptedPuts.Outcome.APPLY_THEN_TIMEOUT, ScriptedPuts.Outcome.REFUSE);
        WriteBehind unsure = new WriteBehind(backend.cache(unique("cs4t")), timingOut, entryTtl(), longDelay, once);
        long t1 = unsure.writeWithId("t", b("t1"));
        assertThat(unsure.flush().isEmpty()).as("the flush's put timed out: t1 is still pending").isFalse();
        long t2 = unsure.writeWithId("t", b("t2"));
        WriteBehindLoss unsureLoss = unsure.closeWithoutFlush();
        assertThat(unsureLoss.uncertain()).as("t1 may be in the store: %s", unsureLoss.describe()).singleElement()
                .satisfies(l -> {
                    assertThat(l.writeIds()).containsExactly(t1);
                    assertThat(s(Optional.of(l.value()))).isEqualTo("t1");
                });
        assertThat(unsureLoss.lost()).as("only t2 certainly never reached the store: %s", unsureLoss.describe())
                .singleElement().satisfies(l -> assertThat(l.writeIds()).containsExactly(t2));
        assertThat(stored(timingOut, "t")).as("indeed, the timed-out put landed").isEqualTo("t1");

        // the same when the call policy retried: attempt 1 timed out after applying, attempt 2 was refused
        KeyValueStore retried = new ScriptedPuts(backend.keyValue(unique("cs4r")),
                ScriptedPuts.Outcome.APPLY_THEN_TIMEOUT, ScriptedPuts.Outcome.REFUSE);
        RemoteCalls twice = RemoteCalls.of(RemoteCalls.Settings.defaults().withMaxAttempts(2));
        WriteBehind retrying = new WriteBehind(backend.cache(unique("cs4r")), retried, entryTtl(), longDelay, twice);
        long r1 = retrying.writeWithId("r", b("r1"));
        retrying.flush();
        WriteBehindLoss retriedLoss = retrying.closeWithoutFlush();
        assertThat(retriedLoss.lost()).as("an earlier attempt may have landed: %s", retriedLoss.describe()).isEmpty();
        assertThat(retriedLoss.uncertain()).singleElement().satisfies(l -> assertThat(l.writeIds()).containsExactly(r1));
    }

    private static String stored(KeyValueStore store, String key) {
        return store.get(key).map(v -> new String(v.value(), StandardCharsets.UTF_8)).orElse(null);
    }

    /**
     * The cache-aside stale-set race, driven deterministically: a reader misses, reads the store (v1) and is
     * held in a hook; a writer writes v2 and invalidates; the reader resumes and fills. On plain cache-aside
     * the cache is left holding v1 while the store has v2, and a later read returns the stale v1
     * (reproduced). On the versioned/lease variant the cache never serves v1 afterwards, both when the
     * reader resumes within the writer's hold-off and when it resumes after the hold-off ran out.
     * If this fails on the plain strategy, check that {@code CacheStore.put} overwrites; on the versioned one,
     * check {@code CacheStore.putIfAbsent} (it must not overwrite a live entry).
     */
    @Test
    @ConformanceRule(id = "CACHE-S5", title = "the cache-aside stale-set race is reproduced on the plain strategy and prevented by the versioned one",
            level = ConformanceRule.Level.STOCHASTIC)
    public void stochastic_CACHES5_staleSetRaceReproducedAndPrevented(TestReporter reporter) throws Exception {
        // plain cache-aside: the race happens
        CacheStore cache = backend.cache(unique("cs5"));
        KeyValueStore store = backend.keyValue(unique("cs5"));
        store.put("k", b("v1"));
        StaleSetRace race = new StaleSetRace(threads, bound());
        CacheAside slowReader = new CacheAside(cache, store, entryTtl(), RemoteCalls.defaults(), race.hook());
        CacheAside writer = new CacheAside(cache, store, entryTtl());
        String readerSaw = race.run(() -> slowReader.read("k"), () -> writer.write("k", b("v2")));
        assertThat(readerSaw).as("the slow reader returns what it read before the write").isEqualTo("v1");
        assertThat(s(store.get("k").map(Versioned::value))).isEqualTo("v2");
        assertThat(s(cache.get("k"))).as("plain cache-aside: the stale value v1 was set after the invalidation")
                .isEqualTo("v1");
        assertThat(s(writer.read("k"))).as("plain cache-aside: a read after the write completed is stale").isEqualTo("v1");
        publish(reporter, "CACHE-S5.plain", "stale-set race reproduced in 1 of 1 tries (latch-driven)");

        // versioned cache-aside, reader resumes within the hold-off
        Duration holdOff = atLeastMinTtl(env.scaled(Duration.ofMillis(500)));
        CacheStore vcache = backend.cache(unique("cs5v"));
        KeyValueStore vstore = backend.keyValue(unique("cs5v"));
        vstore.put("k", b("v1"));
        StaleSetRace vrace = new StaleSetRace(threads, bound());
        VersionedCacheAside vslow = new VersionedCacheAside(vcache, vstore, entryTtl(), holdOff, RemoteCalls.defaults(),
                vrace.hook());
        VersionedCacheAside vwriter = new VersionedCacheAside(vcache, vstore, entryTtl(), holdOff);
        assertThat(vrace.run(() -> vslow.read("k"), () -> vwriter.write("k", b("v2")))).isEqualTo("v1");
        assertThat(s(vwriter.cachedValue("k"))).as("versioned: the stale value must not be cached").isNotEqualTo("v1");
        assertThat(s(vwriter.read("k"))).as("versioned: a read after the write completed").isEqualTo("v2");

        // versioned, reader resumes only after the writer's tombstone expired
        CacheStore lcache = backend.cache(unique("cs5l"));
        KeyValueStore lstore = backend.keyValue(unique("cs5l"));
        lstore.put("k", b("v1"));
        StaleSetRace late = new StaleSetRace(threads, bound());
        Duration expiryBound = holdOff.plus(backend.timing().ttlTolerance());
        VersionedCacheAside lslow = new VersionedCacheAside(lcache, lstore, entryTtl(), holdOff, RemoteCalls.defaults(),
                late.hook());
        VersionedCacheAside lwriter = new VersionedCacheAside(lcache, lstore, entryTtl(), holdOff);
        String lateSaw = late.run(() -> lslow.read("k"), () -> {
            lwriter.write("k", b("v2"));
            assertWithin("CACHE-S5: the writer's tombstone must expire within hold-off " + holdOff.toMillis()
                    + " ms + tolerance", System.nanoTime(), expiryBound, () -> lcache.get("k").isEmpty());
        });
        assertThat(lateSaw).isEqualTo("v1");
        assertThat(s(lwriter.cachedValue("k"))).as("versioned, reader slower than the hold-off: no stale value left")
                .isNotEqualTo("v1");
        assertThat(s(lwriter.read("k"))).isEqualTo("v2");
        publish(reporter, "CACHE-S5.versioned", "stale set prevented in 2 of 2 interleavings");
    }
}
