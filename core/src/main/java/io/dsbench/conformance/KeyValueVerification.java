package io.dsbench.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.conformance.ConformanceRule.Level;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Conformance rules KV-1..KV-12 for {@link KeyValueStore}. Extend it and implement
 * {@link #openBackend()}; every rule uses a fresh namespace.
 *
 * <p>The rules check the sequential contract and the atomicity of single-key operations under contention
 * (KV-5, KV-7); linearizability of concurrent histories is checked by the LIN rules elsewhere.
 */
public abstract class KeyValueVerification extends AbstractVerification {

    /** A store in a fresh namespace. */
    protected KeyValueStore store() {
        return backend.keyValue(unique("kv"));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Versioned v) {
        return new String(v.value(), StandardCharsets.UTF_8);
    }

    /**
     * Verifies that {@code get} of a key that was never written returns an empty {@code Optional}: not null
     * and not an exception.
     *
     * <p>If this fails, check how the backend maps "no such key" (a null reply, a 404, an empty range) to
     * {@code Optional.empty()}.
     */
    @Test
    @ConformanceRule(id = "KV-1", title = "get of a missing key is empty (not null, not an exception)")
    public void required_KV1_missingKeyIsEmpty() {
        KeyValueStore kv = store();
        Optional<Versioned> got = kv.get("never-written");
        assertThat(got).as("KV-1: get of a missing key").isNotNull().isEmpty();
    }

    /**
     * Verifies that after {@code put} a {@code get} returns exactly the bytes written and the version
     * {@code put} returned (positive), and that reading does not change the version.
     *
     * <p>If this fails, check value encoding (base64, string conversion), and that put returns the version
     * the store actually assigned.
     */
    @Test
    @ConformanceRule(id = "KV-2", title = "put then get returns the bytes exactly and the version put returned")
    public void required_KV2_putThenGetRoundTrips() {
        KeyValueStore kv = store();
        long v = kv.put("k", utf8("hello"));
        assertThat(v).as("KV-2: version returned by put").isPositive();
        Versioned got = kv.get("k").orElseThrow(() -> new AssertionError("KV-2: key missing right after put"));
        assertThat(got.value()).as("KV-2: bytes read back").isEqualTo(utf8("hello"));
        assertThat(got.version()).as("KV-2: version read back").isEqualTo(v);
        assertThat(kv.get("k").orElseThrow().version()).as("KV-2: a second get (reads do not bump versions)")
                .isEqualTo(v);
    }

    /**
     * Verifies that versions of one key strictly increase across every kind of mutation: put, put,
     * compare-and-set, delete followed by put, compare-and-delete followed by create-if-absent.
     *
     * <p>If this fails, check that versions do not restart at 1 after a delete (use a per-namespace counter
     * or a global revision, not a per-key counter stored with the value).
     */
    @Test
    @ConformanceRule(id = "KV-3", title = "versions strictly increase per key across puts, CAS and delete+recreate")
    public void required_KV3_versionsStrictlyIncrease() {
        KeyValueStore kv = store();
        List<Long> seen = new ArrayList<>();
        seen.add(kv.put("k", utf8("1")));
        seen.add(kv.put("k", utf8("2")));
        CasResult cas = kv.compareAndSet("k", seen.get(1), utf8("3"));
        assertThat(cas.succeeded()).as("KV-3: CAS with the current version").isTrue();
        seen.add(cas.version());
        assertThat(kv.delete("k")).as("KV-3: delete of an existing key").isTrue();
        seen.add(kv.put("k", utf8("4")));
        CasResult del = kv.compareAndDelete("k", seen.get(3));
        assertThat(del.succeeded()).as("KV-3: compare-and-delete with the current version").isTrue();
        CasResult create = kv.compareAndSet("k", KeyValueStore.ABSENT, utf8("5"));
        assertThat(create.succeeded()).as("KV-3: create-if-absent after compare-and-delete").isTrue();
        seen.add(create.version());
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("KV-3: version after mutation %d of %s", i, seen).isGreaterThan(seen.get(i - 1));
        }
        assertThat(kv.get("k").orElseThrow().version()).as("KV-3: version read back").isEqualTo(seen.get(seen.size() - 1));
    }

    /**
     * Verifies compare-and-set: with the current version it succeeds and returns the new (larger) version,
     * which {@code get} then shows; with a stale version, or a non-zero version on a missing key, it fails,
     * changes nothing, and reports the current version ({@code ABSENT} for a missing key); create-if-absent
     * on an existing key fails and reports its version.
     *
     * <p>If this fails, check that the version comparison and the write are one atomic step on the server
     * (a transaction, a script, a conditional request), and what the failure branch reads back.
     */
    @Test
    @ConformanceRule(id = "KV-4", title = "CAS with the current version succeeds; with a stale one it fails, changes nothing and reports the current version")
    public void required_KV4_compareAndSet() {
        KeyValueStore kv = store();
        long v1 = kv.put("k", utf8("a"));
        CasResult ok = kv.compareAndSet("k", v1, utf8("b"));
        assertThat(ok.succeeded()).as("KV-4: CAS with the current version").isTrue();
        assertThat(ok.version()).as("KV-4: new version after CAS").isGreaterThan(v1);
        Versioned now = kv.get("k").orElseThrow();
        assertThat(text(now)).isEqualTo("b");
        assertThat(now.version()).as("KV-4: get after CAS shows CAS's version").isEqualTo(ok.version());

        CasResult stale = kv.compareAndSet("k", v1, utf8("c"));
        assertThat(stale.succeeded()).as("KV-4: CAS with a stale version").isFalse();
        assertThat(stale.version()).as("KV-4: failed CAS reports the current version").isEqualTo(ok.version());
        Versioned after = kv.get("k").orElseThrow();
        assertThat(text(after)).as("KV-4: value after a failed CAS").isEqualTo("b");
        assertThat(after.version()).as("KV-4: version after a failed CAS").isEqualTo(ok.version());

        CasResult exists = kv.compareAndSet("k", KeyValueStore.ABSENT, utf8("d"));
        assertThat(exists.succeeded()).as("KV-4: create-if-absent on an existing key").isFalse();
        assertThat(exists.version()).as("KV-4: create-if-absent failure reports the current version")
                .isEqualTo(ok.version());

        CasResult missing = kv.compareAndSet("missing", v1, utf8("e"));
        assertThat(missing.succeeded()).as("KV-4: CAS with a version on a missing key").isFalse();
        assertThat(missing.version()).as("KV-4: failure on a missing key reports ABSENT").isEqualTo(KeyValueStore.ABSENT);
        assertThat(kv.get("missing")).as("KV-4: failed CAS on a missing key creates nothing").isEmpty();
    }

    /**
     * Verifies that when 16 threads race to create the same key with create-if-absent
     * ({@code compareAndSet(key, ABSENT, value)}), exactly one succeeds, the key holds the winner's value at
     * the winner's version, and every loser is told that version. Repeated (a fresh key per round) until 20
     * rounds had two calls in flight at the same instant ({@link #raceRounds}).
     *
     * <p>If this fails, check that "create if absent" is a single atomic server operation (e.g. SET NX, an
     * etcd transaction on create revision 0), not a read followed by a write.
     */
    @Test
    @ConformanceRule(id = "KV-5", title = "create-if-absent succeeds for exactly one of 16 concurrent callers (20 racing rounds)")
    public void required_KV5_createIfAbsentHasOneWinner() {
        KeyValueStore kv = store();
        int threads = 16;
        raceRounds("KV-5", threads, 20, 1000,
                (round, i) -> kv.compareAndSet("race-" + round, KeyValueStore.ABSENT, utf8("thread-" + i)),
                (round, results) -> {
                    List<Integer> winners = new ArrayList<>();
                    for (int i = 0; i < threads; i++) {
                        if (results.get(i).succeeded()) {
                            winners.add(i);
                        }
                    }
                    assertThat(winners).as("KV-5: round %d: threads whose create-if-absent succeeded", round).hasSize(1);
                    int w = winners.get(0);
                    long winnerVersion = results.get(w).version();
                    Versioned stored = kv.get("race-" + round).orElseThrow();
                    assertThat(text(stored)).as("KV-5: round %d: stored value", round).isEqualTo("thread-" + w);
                    assertThat(stored.version()).as("KV-5: round %d: stored version", round).isEqualTo(winnerVersion);
                    for (int i = 0; i < threads; i++) {
                        if (i != w) {
                            assertThat(results.get(i).version()).as("KV-5: round %d: version reported to loser %d",
                                    round, i).isEqualTo(winnerVersion);
                        }
                    }
                });
    }

    /**
     * Verifies delete and compare-and-delete: delete removes and reports true; deleting a missing key
     * reports false; compare-and-delete with a stale version fails, keeps the key and reports its version;
     * with the current version it succeeds; on a missing key it fails and reports {@code ABSENT}.
     *
     * <p>If this fails, check the return value of the server's delete (count of deleted keys) and that
     * compare-and-delete is atomic.
     */
    @Test
    @ConformanceRule(id = "KV-6", title = "delete removes and reports whether it did; compare-and-delete honours the version")
    public void required_KV6_deleteAndCompareAndDelete() {
        KeyValueStore kv = store();
        kv.put("k", utf8("a"));
        assertThat(kv.delete("k")).as("KV-6: delete of an existing key").isTrue();
        assertThat(kv.get("k")).as("KV-6: get after delete").isEmpty();
        assertThat(kv.delete("k")).as("KV-6: delete of a missing key").isFalse();

        long v1 = kv.put("c", utf8("1"));
        long v2 = kv.put("c", utf8("2"));
        CasResult stale = kv.compareAndDelete("c", v1);
        assertThat(stale.succeeded()).as("KV-6: compare-and-delete with a stale version").isFalse();
        assertThat(stale.version()).as("KV-6: failed compare-and-delete reports the current version").isEqualTo(v2);
        assertThat(kv.get("c")).as("KV-6: key after a failed compare-and-delete").isPresent();
        CasResult ok = kv.compareAndDelete("c", v2);
        assertThat(ok.succeeded()).as("KV-6: compare-and-delete with the current version").isTrue();
        assertThat(kv.get("c")).as("KV-6: key after compare-and-delete").isEmpty();
        CasResult missing = kv.compareAndDelete("c", v2);
        assertThat(missing.succeeded()).as("KV-6: compare-and-delete of a missing key").isFalse();
        assertThat(missing.version()).as("KV-6: it reports ABSENT").isEqualTo(KeyValueStore.ABSENT);
    }

    /**
     * Verifies that 8 threads each adding 1 to a counter 50 times through read + compare-and-set retry loops
     * lose no update: the counter ends at exactly 400. Each loop is bounded (1,000 attempts per increment).
     *
     * <p>If this fails, check that CAS compares the version atomically with the write, and that a failed CAS
     * really changed nothing.
     */
    @Test
    @ConformanceRule(id = "KV-7", title = "8 threads x 50 increments through CAS loops lose no update")
    public void required_KV7_casIncrementsLoseNothing() {
        KeyValueStore kv = store();
        kv.put("counter", ByteBuffer.allocate(8).putLong(0).array());
        int threads = 8;
        int perThread = 50;
        List<Integer> retries = concurrently(threads, env.operationBound().multipliedBy(3), i -> {
            int failed = 0;
            for (int n = 0; n < perThread; n++) {
                boolean done = false;
                for (int attempt = 0; attempt < 1_000 && !done; attempt++) {
                    Versioned cur = kv.get("counter").orElseThrow();
                    long value = ByteBuffer.wrap(cur.value()).getLong();
                    done = kv.compareAndSet("counter", cur.version(),
                            ByteBuffer.allocate(8).putLong(value + 1).array()).succeeded();
                    if (!done) {
                        failed++;
                    }
                }
                if (!done) {
                    throw new AssertionError("KV-7: thread " + i + " could not increment in 1,000 CAS attempts");
                }
            }
            return failed;
        });
        long value = ByteBuffer.wrap(kv.get("counter").orElseThrow().value()).getLong();
        assertThat(value).as("KV-7: counter after %d x %d increments (CAS retries per thread: %s)",
                threads, perThread, retries).isEqualTo((long) threads * perThread);
    }

    /**
     * Verifies that unusual but legal data round-trips exactly: an empty value, a 1 MiB value of random
     * bytes (all 256 byte values), and keys with spaces, slashes, dots, non-ASCII letters and an emoji.
     *
     * <p>If this fails, check value size limits, byte-to-string conversions (UTF-8 vs ISO-8859-1), and key
     * escaping (slashes in paths, URL encoding).
     */
    @Test
    @ConformanceRule(id = "KV-8", title = "empty and 1 MiB values, and keys with spaces, slashes and non-ASCII, round-trip exactly")
    public void required_KV8_unusualDataRoundTrips() {
        KeyValueStore kv = store();
        kv.put("empty", new byte[0]);
        assertThat(kv.get("empty").orElseThrow().value()).as("KV-8: empty value").isEmpty();

        byte[] big = new byte[1024 * 1024];
        new Random(42).nextBytes(big);
        for (int i = 0; i < 256; i++) {
            big[i] = (byte) i;
        }
        kv.put("big", big);
        assertThat(kv.get("big").orElseThrow().value()).as("KV-8: 1 MiB value").isEqualTo(big);

        String[] keys = {"with space", "a/b/c", "/leading/slash", "trailing/", "dots..and.", "ünïcødé-ключ-鍵",
            "emoji-\uD83D\uDE80", "tab\tand%20percent", "*?[glob]"};
        for (String key : keys) {
            kv.put(key, utf8("value of " + key));
        }
        for (String key : keys) {
            Optional<Versioned> got = kv.get(key);
            assertThat(got).as("KV-8: key '%s'", key).isPresent();
            assertThat(text(got.get())).as("KV-8: value of key '%s'", key).isEqualTo("value of " + key);
        }
        assertThat(kv.get("a/b")).as("KV-8: prefix 'a/b' of key 'a/b/c' is not a key").isEmpty();
    }

    /**
     * Verifies that namespaces are isolated: the same key in two namespaces holds independent values, and
     * writing or deleting it in one leaves the other untouched; a namespace that is a prefix of another
     * shares nothing with it.
     *
     * <p>If this fails, check how namespace and key are combined into a server key (a separator that cannot
     * appear ambiguously, and prefix scans that do not over-match).
     */
    @Test
    @ConformanceRule(id = "KV-9", title = "namespaces are isolated")
    public void required_KV9_namespacesAreIsolated() {
        String ns = unique("kv");
        KeyValueStore a = backend.keyValue(ns);
        KeyValueStore b = backend.keyValue(ns + "-other");
        KeyValueStore prefix = backend.keyValue(ns.substring(0, ns.length() - 1));
        a.put("k", utf8("in a"));
        assertThat(b.get("k")).as("KV-9: key of namespace a seen from namespace b").isEmpty();
        assertThat(prefix.get("k")).as("KV-9: key of namespace a seen from a namespace that is a prefix of it").isEmpty();
        b.put("k", utf8("in b"));
        assertThat(text(a.get("k").orElseThrow())).as("KV-9: a's value after b wrote the same key").isEqualTo("in a");
        assertThat(b.delete("k")).isTrue();
        assertThat(text(a.get("k").orElseThrow())).as("KV-9: a's value after b deleted the same key").isEqualTo("in a");
        assertThat(a.namespace()).as("KV-9: namespace()").isEqualTo(ns);
    }

    /**
     * Verifies that a null or empty key, and a null value, are rejected with an
     * {@link IllegalArgumentException} whose message names the argument, by every operation.
     *
     * <p>If this fails, check the argument validation at the top of each method (use
     * {@code io.dsbench.spec.Checks}); a NullPointerException or a server error is not a clear error.
     */
    @Test
    @ConformanceRule(id = "KV-10", title = "a null or empty key, or a null value, is an IllegalArgumentException naming the argument")
    public void required_KV10_badArgumentsAreRejected() {
        KeyValueStore kv = store();
        for (String bad : new String[] {null, ""}) {
            assertThatThrownBy(() -> kv.get(bad)).as("KV-10: get(%s)", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
            assertThatThrownBy(() -> kv.put(bad, utf8("v"))).as("KV-10: put(%s, v)", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
            assertThatThrownBy(() -> kv.compareAndSet(bad, 0, utf8("v"))).as("KV-10: compareAndSet(%s, ...)", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
            assertThatThrownBy(() -> kv.delete(bad)).as("KV-10: delete(%s)", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
            assertThatThrownBy(() -> kv.compareAndDelete(bad, 1)).as("KV-10: compareAndDelete(%s, 1)", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
        }
        assertThatThrownBy(() -> kv.put("k", null)).as("KV-10: put(k, null)")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value");
        assertThatThrownBy(() -> kv.compareAndSet("k", 0, null)).as("KV-10: compareAndSet(k, 0, null)")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value");
        assertThat(kv.get("k")).as("KV-10: rejected calls wrote nothing").isEmpty();
    }

    /**
     * Verifies that two handles of the same namespace, taken separately from the backend, see the same data
     * at once: a write through one is read through the other, with the same version.
     *
     * <p>If this fails, check that the backend does not keep per-handle state (a local map, a per-handle
     * key prefix) that should be per namespace.
     */
    @Test
    @ConformanceRule(id = "KV-11", title = "two handles of the same namespace share data")
    public void required_KV11_sameNamespaceSharesData() {
        String ns = unique("kv");
        KeyValueStore one = backend.keyValue(ns);
        KeyValueStore two = backend.keyValue(ns);
        long v = one.put("k", utf8("shared"));
        Versioned seen = two.get("k").orElseThrow(() -> new AssertionError("KV-11: write through one handle not seen by the other"));
        assertThat(text(seen)).isEqualTo("shared");
        assertThat(seen.version()).as("KV-11: version seen through the second handle").isEqualTo(v);
        assertThat(two.compareAndSet("k", v, utf8("changed")).succeeded()).as("KV-11: CAS through the second handle").isTrue();
        assertThat(text(one.get("k").orElseThrow())).isEqualTo("changed");
    }

    /**
     * Verifies that the store does not alias caller arrays: changing the array passed to {@code put}, or the
     * array returned by {@code get}, afterwards does not change the stored value.
     *
     * <p>If this fails, check that an in-process backend copies byte arrays on the way in and out.
     */
    @Test
    @ConformanceRule(id = "KV-12", title = "stored values are not changed through the caller's arrays")
    public void required_KV12_valuesAreCopied() {
        KeyValueStore kv = store();
        byte[] written = utf8("original");
        kv.put("k", written);
        written[0] = 'X';
        byte[] read = kv.get("k").orElseThrow().value();
        assertThat(new String(read, StandardCharsets.UTF_8)).as("KV-12: after changing the written array").isEqualTo("original");
        read[0] = 'Y';
        assertThat(text(kv.get("k").orElseThrow())).as("KV-12: after changing a returned array").isEqualTo("original");
    }
}
