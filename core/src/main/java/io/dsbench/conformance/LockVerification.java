package io.dsbench.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.conformance.ConformanceRule.Level;
import io.dsbench.spec.lock.FencedResource;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockGrant;
import io.dsbench.spec.lock.LockService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Conformance rules LOCK-1..LOCK-12 for {@link LockService} and {@link FencedResource}. Extend it and
 * implement {@link #openBackend()}; every rule uses a fresh namespace.
 *
 * <p>"Another client" is a second {@code LockService} opened with the same config: it shares the locks but
 * not the first one's grants. Time-based rules (LOCK-4, LOCK-5, LOCK-6, LOCK-9) use a lease of at least
 * {@link #shortTtl()} and allow {@link #tolerance()}; the others use a lease no rule outlives.
 */
public abstract class LockVerification extends AbstractVerification {

    /** A lock service in a fresh namespace with {@code lease}. */
    protected LockService locks(Duration lease) {
        return backend.locks(new LockConfig(unique("lock"), lease));
    }

    /** A lock service in a fresh namespace whose lease outlives every rule. */
    protected LockService locks() {
        return locks(longTtl());
    }

    /** Another client of the same locks. */
    protected LockService otherClient(LockService locks) {
        return backend.locks(locks.config());
    }

    private static LockGrant granted(Optional<LockGrant> g, String what) {
        return g.orElseThrow(() -> new AssertionError(what + ": lock not granted"));
    }

    /**
     * Verifies that acquiring a free lock grants it at once, with the lock's name and a positive fencing
     * token.
     *
     * <p>If this fails, check the atomic "create if absent" the grant relies on and how the token is read
     * back.
     */
    @Test
    @ConformanceRule(id = "LOCK-1", title = "acquiring a free lock grants it with a fencing token")
    public void required_LOCK1_freeLockIsGranted() {
        LockService locks = locks();
        LockGrant g = granted(locks.tryAcquire("L"), "LOCK-1: tryAcquire of a free lock");
        assertThat(g.name()).isEqualTo("L");
        assertThat(g.fencingToken()).as("LOCK-1: fencing token").isPositive();
    }

    /**
     * Verifies mutual exclusion between clients: while a lock is held, tryAcquire by another client (or the
     * same one) is refused, and acquire with a wait gives up empty-handed after waiting about its maximum
     * (at least 90% of it), while the holder keeps the lock.
     *
     * <p>If this fails, check that the grant is exclusive on the server (not only in the client), and that
     * acquire honours its wait.
     */
    @Test
    @ConformanceRule(id = "LOCK-2", title = "while held, tryAcquire by another client fails, and acquire gives up after its wait")
    public void required_LOCK2_heldLockIsExclusive() throws InterruptedException {
        LockService locks = locks();
        LockService other = otherClient(locks);
        LockGrant g = granted(locks.tryAcquire("L"), "LOCK-2: first grant");
        assertThat(other.tryAcquire("L")).as("LOCK-2: tryAcquire by another client while held").isEmpty();
        assertThat(locks.tryAcquire("L")).as("LOCK-2: tryAcquire by the same client while held (locks are not reentrant)").isEmpty();
        Duration wait = env.scaled(Duration.ofMillis(300));
        long start = System.nanoTime();
        Optional<LockGrant> waited = other.acquire("L", wait);
        Duration took = since(start);
        assertThat(waited).as("LOCK-2: acquire with a %s ms wait while held", wait.toMillis()).isEmpty();
        assertThat(took).as("LOCK-2: time acquire waited before giving up (asked: %s ms)", wait.toMillis())
                .isGreaterThanOrEqualTo(wait.multipliedBy(9).dividedBy(10));
        assertThat(locks.renew(g)).as("LOCK-2: holder still holds the lock").isTrue();
    }

    /**
     * Verifies release: by the holder it frees the lock at once (another client can take it); with a wrong
     * token (higher or lower than the holder's) it is refused and the holder keeps the lock; releasing twice,
     * or releasing a lock that was never granted, is refused.
     *
     * <p>If this fails, check that release deletes only when the stored token matches, atomically (a script or
     * a transaction).
     */
    @Test
    @ConformanceRule(id = "LOCK-3", title = "release by the holder frees the lock; release with a wrong token is rejected")
    public void required_LOCK3_release() {
        LockService locks = locks();
        LockService other = otherClient(locks);
        LockGrant g = granted(locks.tryAcquire("L"), "LOCK-3: grant");
        assertThat(other.release(new LockGrant("L", g.fencingToken() + 1))).as("LOCK-3: release with a higher token").isFalse();
        if (g.fencingToken() > 1) {
            assertThat(other.release(new LockGrant("L", g.fencingToken() - 1))).as("LOCK-3: release with a lower token").isFalse();
        }
        assertThat(other.tryAcquire("L")).as("LOCK-3: lock still held after wrong-token releases").isEmpty();
        assertThat(locks.release(g)).as("LOCK-3: release by the holder").isTrue();
        assertThat(locks.release(g)).as("LOCK-3: second release").isFalse();
        LockGrant next = granted(other.tryAcquire("L"), "LOCK-3: tryAcquire by another client after release");
        assertThat(locks.release(g)).as("LOCK-3: release of the old grant while another holds the lock").isFalse();
        assertThat(other.release(next)).isTrue();
        assertThat(locks.release(new LockGrant("never-granted", 1))).as("LOCK-3: release of a lock never granted").isFalse();
    }

    /**
     * Verifies that fencing tokens of one lock strictly increase over 10 grant/release cycles alternating
     * between two clients, and that the grant after a lease ran out has a larger token than the expired one.
     *
     * <p>If this fails, check that tokens come from a counter (or revision) that never goes back, not from the
     * lock's record (which is deleted on release or expiry).
     */
    @Test
    @ConformanceRule(id = "LOCK-4", title = "fencing tokens strictly increase across grants, also after expiry")
    public void required_LOCK4_tokensIncrease() {
        Duration lease = shortTtl();
        LockService a = locks(lease);
        LockService b = otherClient(a);
        List<Long> tokens = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            LockService client = i % 2 == 0 ? a : b;
            LockGrant g = granted(client.tryAcquire("L"), "LOCK-4: grant " + i);
            tokens.add(g.fencingToken());
            assertThat(client.release(g)).isTrue();
        }
        granted(a.tryAcquire("L"), "LOCK-4: grant left to expire");
        long granted = System.nanoTime();
        AtomicReference<LockGrant> after = new AtomicReference<>();
        assertWithin("LOCK-4: lock free again within lease + tolerance", granted, lease.plus(tolerance()),
                () -> b.tryAcquire("L").map(g -> {
                    after.set(g);
                    return true;
                }).orElse(false));
        tokens.add(after.get().fencingToken());
        for (int i = 1; i < tokens.size(); i++) {
            assertThat(tokens.get(i)).as("LOCK-4: token %d of %s", i, tokens).isGreaterThan(tokens.get(i - 1));
        }
    }

    /**
     * Verifies that the lock of a holder that stops renewing (a dead process) stays held until lease -
     * tolerance and is granted to another client by lease + tolerance, with a larger token.
     *
     * <p>If this fails, check the lease unit and that acquisition does not start an automatic keep-alive.
     */
    @Test
    @ConformanceRule(id = "LOCK-5", title = "a dead holder's lock frees within lease + tolerance, not before lease - tolerance")
    public void required_LOCK5_deadHolderLockFrees() {
        Duration lease = shortTtl();
        LockService dead = locks(lease);
        LockService other = otherClient(dead);
        long sent = System.nanoTime();
        LockGrant g = granted(dead.tryAcquire("L"), "LOCK-5: grant of the holder that dies");
        long returned = System.nanoTime();
        AtomicReference<LockGrant> taken = new AtomicReference<>();
        assertExpiryWindow("LOCK-5: lock of a dead holder (lease " + lease.toMillis() + " ms)", sent, returned, lease,
                () -> other.tryAcquire("L").map(n -> {
                    taken.set(n);
                    return false;
                }).orElse(true));
        assertThat(taken.get().fencingToken()).as("LOCK-5: token of the new holder").isGreaterThan(g.fencingToken());
    }

    /**
     * Verifies that renew restarts the lease: a lock renewed half-way is still held after the original lease +
     * tolerance has passed, and frees by the renewed lease + tolerance; renew (and release) of the expired
     * grant are then refused. An attempt the kit itself spoils by oversleeping is repeated, at most 3 attempts.
     *
     * <p>If this fails, check that renew sets the full lease on the server (and only when the token matches).
     */
    @Test
    @ConformanceRule(id = "LOCK-6", title = "renew extends the lease; renew after expiry fails")
    public void required_LOCK6_renewExtendsLease() {
        // renew at lease/2: before the lease may end (lease - tolerance), late enough that the first lease's
        // latest end (lease + tolerance) comes before the renewed one's earliest (lease/2 + lease - tolerance)
        Duration lease = max(shortTtl(), tolerance().multipliedBy(5));
        Duration renewAt = lease.dividedBy(2);
        withTimingAttempts("LOCK-6", 3, () -> {
            LockService holder = locks(lease);
            LockService other = otherClient(holder);
            long firstSent = System.nanoTime();
            LockGrant g = granted(holder.tryAcquire("L"), "LOCK-6: grant");
            letTimePass(renewAt);
            long sent = System.nanoTime();
            if (sent - (firstSent + renewAt.toNanos() * 3 / 2) > 0) {
                throw new KitTooSlow("the kit renewed " + Duration.ofNanos(sent - firstSent).toMillis()
                        + " ms into the lease instead of " + renewAt.toMillis() + " ms");
            }
            boolean renewed = holder.renew(g);
            long returned = System.nanoTime();
            if (!renewed && !mustBeAlive(firstSent, returned, lease)) {
                throw new KitTooSlow("the kit renewed " + Duration.ofNanos(sent - firstSent).toMillis()
                        + " ms into the lease instead of " + renewAt.toMillis() + " ms");
            }
            assertThat(renewed).as("LOCK-6: renew %s ms into a %s ms lease", Duration.ofNanos(sent - firstSent).toMillis(),
                    lease.toMillis()).isTrue();
            assertExpiryWindow("LOCK-6: renewed lock (lease " + lease.toMillis() + " ms, renewed after "
                    + Duration.ofNanos(sent - firstSent).toMillis() + " ms)", sent, returned, lease,
                    () -> other.tryAcquire("L").isEmpty());
            assertThat(holder.renew(g)).as("LOCK-6: renew after the lease ran out").isFalse();
            assertThat(holder.release(g)).as("LOCK-6: release after the lease ran out").isFalse();
        });
    }

    /**
     * Verifies mutual exclusion under contention: 8 threads, each with its own client, do 50 rounds of
     * acquire / read a plain (non-atomic) counter / yield / write it + 1 / release. The counter ends at exactly
     * 400, no two threads are ever inside at once, and the tokens, in the order the critical sections ran,
     * strictly increase.
     *
     * <p>If this fails, check for a race between the "is it free?" test and the grant, or a release that frees
     * another holder's lock.
     */
    @Test
    @ConformanceRule(id = "LOCK-7", title = "8 threads x 50 acquire/increment/release on a plain counter end exact")
    public void required_LOCK7_mutualExclusionUnderContention() {
        LockService base = locks();
        int threads = 8;
        int rounds = 50;
        // get + set, not incrementAndGet: a non-atomic read-modify-write, made visible across threads
        AtomicInteger counter = new AtomicInteger();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        List<Long> order = java.util.Collections.synchronizedList(new ArrayList<>());
        concurrently(threads, env.operationBound().multipliedBy(6), t -> {
            LockService client = otherClient(base);
            for (int r = 0; r < rounds; r++) {
                LockGrant g = granted(client.acquire("L", env.operationBound()), "LOCK-7: thread " + t + " round " + r);
                int now = inside.incrementAndGet();
                maxInside.accumulateAndGet(now, Math::max);
                order.add(g.fencingToken());
                int read = counter.get();
                Thread.yield();
                counter.set(read + 1);
                inside.decrementAndGet();
                if (!client.release(g)) {
                    throw new AssertionError("LOCK-7: release of a live grant refused (thread " + t + ", round " + r + ")");
                }
            }
            return null;
        });
        assertThat(maxInside.get()).as("LOCK-7: most threads inside the critical section at once").isEqualTo(1);
        assertThat(counter.get()).as("LOCK-7: plain counter after %d x %d locked increments", threads, rounds)
                .isEqualTo(threads * rounds);
        for (int i = 1; i < order.size(); i++) {
            assertThat(order.get(i)).as("LOCK-7: token of critical section %d", i).isGreaterThan(order.get(i - 1));
        }
    }

    /**
     * Verifies, with real grants, that a {@link FencedResource} accepts writes carrying the newest token (also
     * repeatedly), rejects a write carrying an older grant's token, and that the rejected write changes
     * nothing.
     *
     * <p>If this fails, check that the backend's tokens increase (LOCK-4); the resource itself is part of the
     * kit.
     */
    @Test
    @ConformanceRule(id = "LOCK-8", title = "a FencedResource rejects a write whose token is lower than the highest it has seen",
            scope = ConformanceRule.Scope.CORE)
    public void required_LOCK8_fencedResourceRejectsStaleTokens() {
        LockService locks = locks();
        LockGrant old = granted(locks.tryAcquire("L"), "LOCK-8: first grant");
        assertThat(locks.release(old)).isTrue();
        LockGrant current = granted(locks.tryAcquire("L"), "LOCK-8: second grant");
        FencedResource<List<String>> resource = new FencedResource<>(List.of());
        assertThat(resource.write(current.fencingToken(), s -> append(s, "current-1"))).as("LOCK-8: write with the current token").isTrue();
        assertThat(resource.write(current.fencingToken(), s -> append(s, "current-2"))).as("LOCK-8: second write with the same token").isTrue();
        assertThat(resource.write(old.fencingToken(), s -> append(s, "stale"))).as("LOCK-8: write with the older grant's token").isFalse();
        assertThat(resource.read()).as("LOCK-8: resource state").containsExactly("current-1", "current-2");
        assertThat(resource.rejectedWrites()).isEqualTo(1);
        assertThat(resource.highestToken()).isEqualTo(current.fencingToken());
    }

    private static List<String> append(List<String> list, String item) {
        List<String> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }

    /**
     * Shows why leases need fencing. Holder A takes the lock, reads two resources (a plain one and a
     * {@link FencedResource}), then stalls (as in a long GC) without renewing; B waits for the lock, which it
     * can only get once A's lease has run out, then reads and writes both. When A resumes (only after B has
     * written: a latch, not a guess about timing) it writes what it computed before the stall. On the plain
     * resource A's stale write silently wins: two acknowledged increments, counter 1 (corruption shown). On
     * the fenced resource A's write is rejected: one acknowledged increment, counter 1 (consistent).
     *
     * <p>If this fails, check that a lease really expires (LOCK-5) and that tokens increase (LOCK-4).
     */
    @Test
    @ConformanceRule(id = "LOCK-9", title = "a holder stalled past its lease corrupts a plain resource; a fenced one rejects its stale write")
    public void required_LOCK9_pausedHolderIsFencedOff(TestReporter reporter) {
        Duration lease = shortTtl();
        LockService a = locks(lease);
        LockService b = otherClient(a);
        long[] plain = {0};
        long[] plainAcks = {0};
        FencedResource<Long> fenced = new FencedResource<>(0L);
        long[] fencedAcks = {0};
        CountDownLatch aHolds = new CountDownLatch(1);
        CountDownLatch bWrote = new CountDownLatch(1);
        Duration bWait = lease.plus(tolerance()).plus(env.operationBound());
        List<Object> results = concurrently(2, bWait.plus(env.operationBound()).multipliedBy(2), t -> {
            if (t == 0) {
                LockGrant ga = granted(a.tryAcquire("L"), "LOCK-9: holder A");
                long plainSeen;
                synchronized (plain) {
                    plainSeen = plain[0];
                }
                long fencedSeen = fenced.read();
                long stalled = System.nanoTime();
                aHolds.countDown();
                if (!bWrote.await(bWait.plus(env.operationBound()).toNanos(), TimeUnit.NANOSECONDS)) {
                    return "B did not write within " + since(stalled).toMillis() + " ms of A's stall";
                }
                Duration stall = since(stalled);
                synchronized (plain) {
                    plain[0] = plainSeen + 1;
                    plainAcks[0]++;
                }
                if (fenced.write(ga.fencingToken(), x -> fencedSeen + 1)) {
                    synchronized (fencedAcks) {
                        fencedAcks[0]++;
                    }
                }
                return List.of(ga, stall);
            }
            if (!aHolds.await(env.operationBound().toNanos(), TimeUnit.NANOSECONDS)) {
                return "A did not get the lock";
            }
            Optional<LockGrant> gb = b.acquire("L", bWait);
            if (gb.isEmpty()) {
                return "B never got the lock within " + bWait.toMillis() + " ms although A stopped renewing a "
                        + lease.toMillis() + " ms lease";
            }
            synchronized (plain) {
                plain[0] = plain[0] + 1;
                plainAcks[0]++;
            }
            long seen = fenced.read();
            if (fenced.write(gb.get().fencingToken(), x -> seen + 1)) {
                synchronized (fencedAcks) {
                    fencedAcks[0]++;
                }
            }
            bWrote.countDown();
            return gb.get();
        });
        if (!(results.get(1) instanceof LockGrant gb)) {
            throw new AssertionError("LOCK-9: " + results.get(1));
        }
        if (!(results.get(0) instanceof List<?> aResult)) {
            throw new AssertionError("LOCK-9: " + results.get(0));
        }
        LockGrant ga = (LockGrant) aResult.get(0);
        Duration stall = (Duration) aResult.get(1);
        assertThat(gb.fencingToken()).as("LOCK-9: B's token vs A's").isGreaterThan(ga.fencingToken());
        assertThat(fenced.read()).as("LOCK-9: fenced counter equals its acknowledged writes").isEqualTo(fencedAcks[0]);
        assertThat(fenced.rejectedWrites()).as("LOCK-9: A's stale fenced write must be rejected").isEqualTo(1);
        assertThat(plainAcks[0]).as("LOCK-9: acknowledged plain increments").isEqualTo(2);
        assertThat(plain[0]).as("LOCK-9: the plain resource lost an update (corruption)").isEqualTo(1);
        assertThat(fencedAcks[0]).as("LOCK-9: acknowledged fenced increments").isEqualTo(1);
        Measurements.publish(reporter, "LOCK-9", "A stalled " + stall.toMillis() + " ms (lease " + lease.toMillis()
                + " ms): plain counter " + plain[0] + " after " + plainAcks[0] + " acknowledged increments; fenced "
                + fenced.read() + " after " + fencedAcks[0] + ", stale write rejected");
    }

    /**
     * Verifies that acquire with a wait gets a lock that is released during the wait, before the wait runs
     * out, with a larger token than the releasing holder's. The holder releases only once the waiter is
     * blocked inside acquire (its thread observed waiting), so the rule tests the wake-up, not a first try.
     *
     * <p>If this fails, check that waiters are woken (or poll) when the lock is released.
     */
    @Test
    @ConformanceRule(id = "LOCK-10", title = "acquire waits for a held lock and gets it when released")
    public void required_LOCK10_acquireWaitsForRelease() {
        LockService holder = locks();
        LockService waiter = otherClient(holder);
        LockService probe = otherClient(holder);
        LockGrant g = granted(holder.tryAcquire("L"), "LOCK-10: holder");
        Duration maxWait = env.operationBound();
        AtomicReference<Thread> waiterThread = new AtomicReference<>();
        List<Object> results = concurrently(2, maxWait.plus(env.operationBound()), t -> {
            if (t == 0) {
                long start = System.nanoTime();
                waiterThread.set(Thread.currentThread());
                Optional<LockGrant> got = waiter.acquire("L", maxWait);
                return got.isPresent() ? List.of(got.get(), since(start)) : "acquire gave up";
            }
            if (!awaitBlocked(waiterThread, env.operationBound())) {
                return "the waiter never blocked inside acquire";
            }
            boolean stillHeld = probe.tryAcquire("L").isEmpty();
            return stillHeld ? holder.release(g) : "the lock was free before the holder released it";
        });
        assertThat(results.get(1)).as("LOCK-10: release by the holder, once the waiter blocked").isEqualTo(true);
        assertThat(results.get(0)).as("LOCK-10: waiting acquire").isInstanceOf(List.class);
        List<?> got = (List<?>) results.get(0);
        assertThat(((LockGrant) got.get(0)).fencingToken()).as("LOCK-10: waiter's token").isGreaterThan(g.fencingToken());
        assertThat((Duration) got.get(1)).as("LOCK-10: time the waiter waited").isLessThan(maxWait);
    }

    /**
     * Verifies that locks are isolated by name and by namespace: holding one name does not block another,
     * and the same name in another namespace is a different lock.
     *
     * <p>If this fails, check how the namespace and lock name are combined into the server key.
     */
    @Test
    @ConformanceRule(id = "LOCK-11", title = "locks are isolated by name and namespace")
    public void required_LOCK11_locksAreIsolated() {
        LockService locks = locks();
        LockService otherNamespace = locks();
        granted(locks.tryAcquire("a"), "LOCK-11: lock a");
        granted(locks.tryAcquire("b"), "LOCK-11: lock b while a is held");
        granted(locks.tryAcquire("a/b"), "LOCK-11: lock a/b while a and b are held");
        granted(otherNamespace.tryAcquire("a"), "LOCK-11: lock a of another namespace");
    }

    /**
     * Verifies argument checks: null or empty lock names, a null grant and a negative wait are
     * {@link IllegalArgumentException}s naming the argument; a lease below the backend's declared minimum is
     * rejected when the service is opened.
     *
     * <p>If this fails, check the validation at the top of each method and in {@code Backend.locks}.
     */
    @Test
    @ConformanceRule(id = "LOCK-12", title = "empty names, null grants, negative waits and too short leases are rejected with a clear error")
    public void required_LOCK12_badArgumentsAreRejected() {
        LockService locks = locks();
        for (String bad : new String[] {null, ""}) {
            assertThatThrownBy(() -> locks.tryAcquire(bad)).as("LOCK-12: tryAcquire(%s)", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
            assertThatThrownBy(() -> locks.acquire(bad, Duration.ofMillis(1))).as("LOCK-12: acquire(%s, 1 ms)", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        }
        assertThatThrownBy(() -> locks.acquire("L", Duration.ofMillis(-1))).as("LOCK-12: acquire with a negative wait")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWait");
        assertThatThrownBy(() -> locks.release(null)).as("LOCK-12: release(null)")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grant");
        assertThatThrownBy(() -> locks.renew(null)).as("LOCK-12: renew(null)")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grant");
        Duration belowMin = backend.timing().minTtl().dividedBy(2);
        if (!belowMin.isZero()) {
            assertThatThrownBy(() -> backend.locks(new LockConfig(unique("lock"), belowMin)))
                    .as("LOCK-12: lease %s below the declared minimum %s", belowMin, backend.timing().minTtl())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease");
        }
        granted(locks.tryAcquire("L"), "LOCK-12: rejected calls took no lock");
    }
}
