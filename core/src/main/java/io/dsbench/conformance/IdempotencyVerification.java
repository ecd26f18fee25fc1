package io.dsbench.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.spec.idempotency.Claim;
import io.dsbench.spec.idempotency.ClaimResult;
import io.dsbench.spec.idempotency.ClaimResult.Status;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyRecord;
import io.dsbench.spec.idempotency.IdempotencyStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Conformance rules IDEM-1..IDEM-14 for {@link IdempotencyStore}. Extend it and implement
 * {@link #openBackend()}; every rule uses a fresh namespace.
 *
 * <p>Several rules run a tiny request handler, {@link #handle}, the way a service would: claim, execute the
 * side effect only on NEW, complete with the result, replay the stored result on COMPLETED. Its side-effect
 * counter shows whether an operation ran more than once. Time-based rules (IDEM-6, IDEM-7, IDEM-8) use
 * {@link #shortTtl()} as retention or lock timeout and allow {@link #tolerance()}.
 */
public abstract class IdempotencyVerification extends AbstractVerification {

    /** A store in a fresh namespace whose retention and lock timeout outlive every rule. */
    protected IdempotencyStore store() {
        return store(longTtl(), longTtl());
    }

    /** A store in a fresh namespace with the given retention and lock timeout. */
    protected IdempotencyStore store(Duration retention, Duration lockTimeout) {
        return backend.idempotency(new IdempotencyConfig(unique("idem"), retention, lockTimeout));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Claim won(ClaimResult r, String what) {
        assertThat(r.status()).as(what).isEqualTo(Status.NEW);
        return r.claim().orElseThrow(() -> new AssertionError(what + ": NEW without a claim"));
    }

    /**
     * A request handler as a service would write it: claim; on NEW execute (count a side effect) and
     * complete with {@code "result-<n>"}; on COMPLETED replay the stored result; on IN_PROGRESS poll until
     * completed (bounded by the operation bound). Returns the response, or {@code "MISMATCH"}.
     */
    protected String handle(IdempotencyStore store, String key, String fingerprint, AtomicInteger sideEffects) {
        long deadline = System.nanoTime() + env.operationBound().toNanos();
        while (true) {
            ClaimResult r = store.claim(key, fingerprint);
            switch (r.status()) {
                case NEW -> {
                    String result = "result-" + sideEffects.incrementAndGet();
                    if (!store.complete(r.claim().orElseThrow(), utf8(result))) {
                        throw new AssertionError("complete of a claim just won was refused (key " + key + ")");
                    }
                    return result;
                }
                case COMPLETED -> {
                    return text(r.result().orElseThrow());
                }
                case MISMATCH -> {
                    return "MISMATCH";
                }
                case IN_PROGRESS -> {
                    if (System.nanoTime() - deadline > 0) {
                        throw new AssertionError("key " + key + " still IN_PROGRESS after " + env.operationBound());
                    }
                    // a client's retry backoff after a 409, as a real caller would do
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L);
                }
                default -> throw new AssertionError("unknown status " + r.status());
            }
        }
    }

    /**
     * Verifies that the first claim of a key is NEW with a claim naming the key and fingerprint and carrying
     * a positive token, and that lookup then shows the key in progress with that fingerprint and no result.
     *
     * <p>If this fails, check the claim's atomic create (SET NX, a create-revision-0 transaction) and what it
     * stores.
     */
    @Test
    @ConformanceRule(id = "IDEM-1", title = "the first claim of a key is NEW (the caller executes)")
    public void required_IDEM1_firstClaimIsNew() {
        IdempotencyStore store = store();
        assertThat(store.lookup("k")).as("IDEM-1: lookup before any claim").isEmpty();
        Claim c = won(store.claim("k", "fp-1"), "IDEM-1: first claim");
        assertThat(c.key()).isEqualTo("k");
        assertThat(c.fingerprint()).isEqualTo("fp-1");
        assertThat(c.token()).as("IDEM-1: claim token").isPositive();
        IdempotencyRecord rec = store.lookup("k").orElseThrow(() -> new AssertionError("IDEM-1: lookup after claim is empty"));
        assertThat(rec.completed()).as("IDEM-1: record completed?").isFalse();
        assertThat(rec.fingerprint()).isEqualTo("fp-1");
        assertThat(rec.result()).as("IDEM-1: result of a record in progress").isEmpty();
    }

    /**
     * Verifies that after complete a claim with the same fingerprint is COMPLETED with exactly the stored
     * result, so a handler replays it and the operation runs once however often the request is retried; and
     * that lookup shows the completed record with its result.
     *
     * <p>If this fails, check that complete stores the result under the key and that claim reads it back
     * instead of claiming again.
     */
    @Test
    @ConformanceRule(id = "IDEM-2", title = "after complete, the same request gets COMPLETED with the stored result; it is not executed again")
    public void required_IDEM2_completedIsReplayed() {
        IdempotencyStore store = store();
        AtomicInteger sideEffects = new AtomicInteger();
        String first = handle(store, "k", "fp", sideEffects);
        String second = handle(store, "k", "fp", sideEffects);
        String third = handle(store, "k", "fp", sideEffects);
        assertThat(sideEffects.get()).as("IDEM-2: executions for three identical requests").isEqualTo(1);
        assertThat(List.of(second, third)).as("IDEM-2: replayed responses").containsOnly(first);
        ClaimResult r = store.claim("k", "fp");
        assertThat(r.status()).isEqualTo(Status.COMPLETED);
        assertThat(r.claim()).as("IDEM-2: COMPLETED carries no claim").isEmpty();
        IdempotencyRecord rec = store.lookup("k").orElseThrow();
        assertThat(rec.completed()).as("IDEM-2: lookup shows completed").isTrue();
        assertThat(rec.result().map(IdempotencyVerification::text)).as("IDEM-2: lookup's result").hasValue(first);
    }

    /**
     * Verifies that while a claim is in progress, claims of the same key and fingerprint, from this or
     * another handle of the namespace, are IN_PROGRESS (the HTTP analogue is 409 Conflict), carry neither a
     * claim nor a result, and do not disturb the holder, who can still complete.
     *
     * <p>If this fails, check that an existing in-progress record is reported and left alone, not
     * overwritten by a second claim.
     */
    @Test
    @ConformanceRule(id = "IDEM-3", title = "a claim while another is in progress is IN_PROGRESS (HTTP 409)")
    public void required_IDEM3_inProgressIsReported() {
        IdempotencyStore store = store();
        IdempotencyStore otherClient = backend.idempotency(store.config());
        Claim c = won(store.claim("k", "fp"), "IDEM-3: first claim");
        for (IdempotencyStore s : List.of(store, otherClient, store)) {
            ClaimResult r = s.claim("k", "fp");
            assertThat(r.status()).as("IDEM-3: duplicate claim while in progress").isEqualTo(Status.IN_PROGRESS);
            assertThat(r.claim()).isEmpty();
            assertThat(r.result()).isEmpty();
        }
        assertThat(store.complete(c, utf8("done"))).as("IDEM-3: holder completes after duplicates were refused").isTrue();
        assertThat(otherClient.claim("k", "fp").result().map(IdempotencyVerification::text)).hasValue("done");
    }

    /**
     * Verifies that the same key with a different fingerprint is MISMATCH (HTTP 422), both while the key is in
     * progress and after it completed, and changes nothing: the holder can still complete, the stored
     * fingerprint and result are the original ones.
     *
     * <p>If this fails, check that the fingerprint is compared before anything is written.
     */
    @Test
    @ConformanceRule(id = "IDEM-4", title = "the same key with a different fingerprint is MISMATCH, and the stored result is untouched")
    public void required_IDEM4_fingerprintMismatch() {
        IdempotencyStore store = store();
        Claim c = won(store.claim("k", "fp-a"), "IDEM-4: first claim");
        assertThat(store.claim("k", "fp-b").status()).as("IDEM-4: other fingerprint while in progress").isEqualTo(Status.MISMATCH);
        assertThat(store.complete(c, utf8("result-a"))).as("IDEM-4: holder completes after a mismatch").isTrue();
        ClaimResult r = store.claim("k", "fp-b");
        assertThat(r.status()).as("IDEM-4: other fingerprint after completion").isEqualTo(Status.MISMATCH);
        assertThat(r.result()).as("IDEM-4: MISMATCH reveals no result").isEmpty();
        IdempotencyRecord rec = store.lookup("k").orElseThrow();
        assertThat(rec.fingerprint()).as("IDEM-4: stored fingerprint").isEqualTo("fp-a");
        assertThat(store.claim("k", "fp-a").result().map(IdempotencyVerification::text))
                .as("IDEM-4: original request still replays its result").hasValue("result-a");
    }

    /**
     * Verifies that 16 concurrent duplicates of one request (same key and fingerprint), each run through the
     * handler, produce exactly one NEW: the side effect happens once and all 16 get the same response. The
     * threads are released together by a latch, round after round (a fresh key each), until 20 rounds had
     * two claims in flight at the same instant ({@link #raceRounds}).
     *
     * <p>If this fails, the claim is not atomic: look for a read ("is it there?") followed by a separate
     * write.
     */
    @Test
    @ConformanceRule(id = "IDEM-5", title = "16 concurrent duplicates (20 racing rounds): exactly one executes, all get its result")
    public void required_IDEM5_concurrentDuplicatesExecuteOnce() {
        IdempotencyStore store = store();
        int threads = 16;
        AtomicInteger sideEffects = new AtomicInteger();
        AtomicInteger news = new AtomicInteger();
        raceRounds("IDEM-5", threads, 20, 1000, (round, i) -> {
            String key = "k-" + round;
            ClaimResult first = store.claim(key, "fp");
            if (first.status() == Status.NEW) {
                news.incrementAndGet();
                String result = "result-" + sideEffects.incrementAndGet();
                assertThat(store.complete(first.claim().orElseThrow(), utf8(result))).isTrue();
                return result;
            }
            return handle(store, key, "fp", sideEffects);
        }, (round, responses) -> {
            assertThat(news.get()).as("IDEM-5: round %d: NEW outcomes among %d concurrent claims", round, threads)
                    .isEqualTo(1);
            assertThat(sideEffects.get()).as("IDEM-5: round %d: executions", round).isEqualTo(1);
            assertThat(new HashSet<>(responses)).as("IDEM-5: round %d: distinct responses", round)
                    .containsExactly("result-1");
            sideEffects.set(0);
            news.set(0);
        });
    }

    /**
     * Verifies that a completed entry is kept (lookup shows it, and the request replays) until retention -
     * tolerance after complete, and is gone by retention + tolerance; the key is then NEW again, with a
     * larger token.
     *
     * <p>If this fails, check that complete sets the retention as the record's TTL (replacing the lock
     * timeout), in the right unit.
     */
    @Test
    @ConformanceRule(id = "IDEM-6", title = "completed entries expire after the retention; the key is then NEW again")
    public void required_IDEM6_retentionExpires() {
        Duration retention = shortTtl();
        IdempotencyStore store = store(retention, longTtl());
        Claim c = won(store.claim("k", "fp"), "IDEM-6: first claim");
        long sent = System.nanoTime();
        assertThat(store.complete(c, utf8("r"))).isTrue();
        long returned = System.nanoTime();
        assertExpiryWindow("IDEM-6: completed entry (retention " + retention.toMillis() + " ms)", sent, returned,
                retention, () -> store.lookup("k").isPresent());
        Claim again = won(store.claim("k", "fp"), "IDEM-6: claim after retention");
        assertThat(again.token()).as("IDEM-6: token of the new claim").isGreaterThan(c.token());
    }

    /**
     * Verifies recovery from an abandoned claim: a claim that is never completed stays IN_PROGRESS until lock
     * timeout - tolerance and is released by lock timeout + tolerance, after which the next claim is NEW with a
     * larger token.
     *
     * <p>If this fails, check that the claim's record is written with the lock timeout as its TTL.
     */
    @Test
    @ConformanceRule(id = "IDEM-7", title = "an abandoned claim expires after the lock timeout, and the next claim is NEW")
    public void required_IDEM7_abandonedClaimExpires() {
        Duration lockTimeout = shortTtl();
        IdempotencyStore store = store(longTtl(), lockTimeout);
        long sent = System.nanoTime();
        Claim abandoned = won(store.claim("k", "fp"), "IDEM-7: first claim");
        long returned = System.nanoTime();
        assertExpiryWindow("IDEM-7: abandoned claim (lock timeout " + lockTimeout.toMillis() + " ms)", sent, returned,
                lockTimeout, () -> store.lookup("k").isPresent());
        Claim recovered = won(store.claim("k", "fp"), "IDEM-7: claim after the lock timeout");
        assertThat(recovered.token()).as("IDEM-7: token of the recovering claim").isGreaterThan(abandoned.token());
    }

    /**
     * Verifies that claims are identified by their token: complete or release with a forged token is refused
     * and leaves the claim in progress; and after an abandoned claim expired and a retry claimed the key, the
     * late complete and release of the original claimant are refused, while the retry's complete wins.
     *
     * <p>If this fails, check that complete and release compare the stored token atomically with the write
     * (a script or a transaction), not just the key and fingerprint.
     */
    @Test
    @ConformanceRule(id = "IDEM-8", title = "a late complete from a claimant that lost its claim is rejected (claims carry a token)")
    public void required_IDEM8_lateCompleteIsRejected() {
        Duration lockTimeout = shortTtl();
        IdempotencyStore store = store(longTtl(), lockTimeout);
        Claim slow = won(store.claim("k", "fp"), "IDEM-8: first claim");
        long claimed = System.nanoTime();
        Claim forged = new Claim("k", "fp", slow.token() + 1_000_000);
        assertThat(store.complete(forged, utf8("forged"))).as("IDEM-8: complete with a forged token").isFalse();
        assertThat(store.release(forged)).as("IDEM-8: release with a forged token").isFalse();
        assertThat(store.lookup("k").map(IdempotencyRecord::completed)).as("IDEM-8: still in progress").hasValue(false);

        assertWithin("IDEM-8: claim released within lock timeout + tolerance", claimed, lockTimeout.plus(tolerance()),
                () -> store.lookup("k").isEmpty());
        Claim retry = won(store.claim("k", "fp"), "IDEM-8: retry after the lock timeout");
        assertThat(store.complete(slow, utf8("late"))).as("IDEM-8: late complete of the lost claim").isFalse();
        assertThat(store.release(slow)).as("IDEM-8: late release of the lost claim").isFalse();
        assertThat(store.complete(retry, utf8("retry"))).as("IDEM-8: complete of the retry").isTrue();
        assertThat(store.claim("k", "fp").result().map(IdempotencyVerification::text))
                .as("IDEM-8: stored result").hasValue("retry");
    }

    /**
     * Verifies both ways of handling a failed operation: an error response stored with complete is replayed
     * like any result (permanent errors); a released claim (retryable errors) makes the key unknown again, so
     * the retry is NEW with a larger token, and the released claim can neither complete nor release again.
     *
     * <p>If this fails, check that release deletes the record only when the token matches, and that results
     * are opaque bytes (an error payload is not special).
     */
    @Test
    @ConformanceRule(id = "IDEM-9", title = "an error result can be stored and replayed, or the claim released so a retry executes")
    public void required_IDEM9_errorsStoredOrReleased() {
        IdempotencyStore store = store();
        Claim failing = won(store.claim("permanent", "fp"), "IDEM-9: claim of a permanently failing request");
        assertThat(store.complete(failing, utf8("HTTP 400 invalid card"))).isTrue();
        assertThat(store.claim("permanent", "fp").result().map(IdempotencyVerification::text))
                .as("IDEM-9: replayed error").hasValue("HTTP 400 invalid card");

        Claim retryable = won(store.claim("retryable", "fp"), "IDEM-9: claim of a request that fails retryably");
        assertThat(store.release(retryable)).as("IDEM-9: release by the holder").isTrue();
        assertThat(store.lookup("retryable")).as("IDEM-9: lookup after release").isEmpty();
        assertThat(store.release(retryable)).as("IDEM-9: second release").isFalse();
        assertThat(store.complete(retryable, utf8("x"))).as("IDEM-9: complete after release").isFalse();
        Claim retry = won(store.claim("retryable", "fp"), "IDEM-9: retry after release");
        assertThat(retry.token()).as("IDEM-9: token of the retry").isGreaterThan(retryable.token());
    }

    /**
     * Verifies that claim tokens strictly increase within a store: across different keys, and across
     * re-claims of one key after release, through two handles of the namespace.
     *
     * <p>If this fails, check that tokens come from one atomic counter per store (INCR, a revision), not from
     * a clock or a per-key counter.
     */
    @Test
    @ConformanceRule(id = "IDEM-10", title = "claim tokens strictly increase per store")
    public void required_IDEM10_tokensIncrease() {
        IdempotencyStore store = store();
        IdempotencyStore other = backend.idempotency(store.config());
        List<Long> tokens = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            IdempotencyStore s = i % 2 == 0 ? store : other;
            Claim a = won(s.claim("key-" + i, "fp"), "IDEM-10: claim of key-" + i);
            tokens.add(a.token());
            Claim b = won(s.claim("same", "fp"), "IDEM-10: re-claim " + i + " of 'same'");
            tokens.add(b.token());
            assertThat(s.release(b)).isTrue();
        }
        for (int i = 1; i < tokens.size(); i++) {
            assertThat(tokens.get(i)).as("IDEM-10: token %d of %s", i, tokens).isGreaterThan(tokens.get(i - 1));
        }
    }

    /**
     * Verifies that null or empty keys and fingerprints, null claims and null results are
     * {@link IllegalArgumentException}s naming the argument, and change nothing.
     *
     * <p>If this fails, check the validation at the top of each method.
     */
    @Test
    @ConformanceRule(id = "IDEM-11", title = "null or empty keys and fingerprints, null claims and results are rejected with a clear error")
    public void required_IDEM11_badArgumentsAreRejected() {
        IdempotencyStore store = store();
        for (String bad : new String[] {null, ""}) {
            assertThatThrownBy(() -> store.claim(bad, "fp")).as("IDEM-11: claim with key %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
            assertThatThrownBy(() -> store.claim("k", bad)).as("IDEM-11: claim with fingerprint %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fingerprint");
            assertThatThrownBy(() -> store.lookup(bad)).as("IDEM-11: lookup with key %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
        }
        Claim c = won(store.claim("k", "fp"), "IDEM-11: claim");
        assertThatThrownBy(() -> store.complete(null, utf8("r"))).as("IDEM-11: complete(null, ...)")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("claim");
        assertThatThrownBy(() -> store.complete(c, null)).as("IDEM-11: complete(claim, null)")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("result");
        assertThatThrownBy(() -> store.release(null)).as("IDEM-11: release(null)")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("claim");
        assertThat(store.lookup("k").map(IdempotencyRecord::completed)).as("IDEM-11: claim untouched").hasValue(false);
    }

    /**
     * Verifies that a claim is consumed by its completion: completing it again returns false and does not
     * replace the stored result; releasing it afterwards returns false and does not delete the result.
     *
     * <p>If this fails, check that complete and release require the record to be in progress, not only the
     * token to match.
     */
    @Test
    @ConformanceRule(id = "IDEM-12", title = "completing twice or releasing after complete changes nothing")
    public void required_IDEM12_completeIsFinal() {
        IdempotencyStore store = store();
        Claim c = won(store.claim("k", "fp"), "IDEM-12: claim");
        assertThat(store.complete(c, utf8("first"))).isTrue();
        assertThat(store.complete(c, utf8("second"))).as("IDEM-12: second complete").isFalse();
        assertThat(store.release(c)).as("IDEM-12: release after complete").isFalse();
        Optional<String> replay = store.claim("k", "fp").result().map(IdempotencyVerification::text);
        assertThat(replay).as("IDEM-12: stored result").hasValue("first");
    }

    /**
     * Verifies that namespaces are isolated: the same key claimed and completed in one namespace is unknown
     * (NEW) in another, and each replays its own result.
     *
     * <p>If this fails, check how the namespace is combined into the server key.
     */
    @Test
    @ConformanceRule(id = "IDEM-13", title = "namespaces are isolated")
    public void required_IDEM13_namespacesAreIsolated() {
        String ns = unique("idem");
        IdempotencyStore a = backend.idempotency(new IdempotencyConfig(ns, longTtl(), longTtl()));
        IdempotencyStore b = backend.idempotency(new IdempotencyConfig(ns + "-other", longTtl(), longTtl()));
        assertThat(a.complete(won(a.claim("k", "fp"), "IDEM-13: claim in a"), utf8("from a"))).isTrue();
        assertThat(b.lookup("k")).as("IDEM-13: lookup in another namespace").isEmpty();
        assertThat(b.complete(won(b.claim("k", "fp"), "IDEM-13: claim in b"), utf8("from b"))).isTrue();
        assertThat(a.claim("k", "fp").result().map(IdempotencyVerification::text)).hasValue("from a");
        assertThat(b.claim("k", "fp").result().map(IdempotencyVerification::text)).hasValue("from b");
    }

    /**
     * Verifies that the fingerprint recorded at claim time is the key's fingerprint for good: completing the
     * claim through a {@link Claim} that carries the same key and token but another fingerprint stores the
     * result (the token identifies the claim) and leaves the recorded fingerprint alone, so the original
     * request then replays the result and the other fingerprint is MISMATCH.
     *
     * <p>If this fails, check that complete writes only the state and the result, not the fingerprint of
     * the {@code Claim} it was given.
     */
    @Test
    @ConformanceRule(id = "IDEM-14", title = "complete keeps the fingerprint recorded at claim time")
    public void required_IDEM14_completeKeepsClaimedFingerprint() {
        IdempotencyStore store = store();
        Claim c = won(store.claim("k", "fp-claimed"), "IDEM-14: claim");
        Claim other = new Claim(c.key(), "fp-other", c.token());
        assertThat(store.complete(other, utf8("done"))).as("IDEM-14: complete with the claim's token").isTrue();
        assertThat(store.lookup("k").map(IdempotencyRecord::fingerprint)).as("IDEM-14: fingerprint after complete")
                .hasValue("fp-claimed");
        ClaimResult original = store.claim("k", "fp-claimed");
        assertThat(original.status()).as("IDEM-14: claim with the fingerprint recorded at claim time")
                .isEqualTo(Status.COMPLETED);
        assertThat(original.result().map(IdempotencyVerification::text)).as("IDEM-14: replayed result").hasValue("done");
        assertThat(store.claim("k", "fp-other").status()).as("IDEM-14: claim with the fingerprint complete was given")
                .isEqualTo(Status.MISMATCH);
    }
}
