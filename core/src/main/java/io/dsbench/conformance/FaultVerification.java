package io.dsbench.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.conformance.ConformanceRule.Level;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.idempotency.Claim;
import io.dsbench.spec.idempotency.ClaimResult;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockGrant;
import io.dsbench.spec.lock.LockService;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.log.LogRecord;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import io.dsbench.spi.Capability;
import io.dsbench.spi.Faults;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Conformance rules FAULT-1..FAULT-7: what a backend promises across crashes, restarts, failovers and frozen
 * servers, checked by injecting those faults through {@link Backend#faults()} (capability {@link Capability#FAULTS}).
 * Extend it and implement {@link #openBackend()}; every rule uses fresh names. The rules leave every member running
 * when they pass.
 *
 * <p>Which capability each rule checks: FAULT-1 {@link Capability#DURABLE}; FAULT-2 the contract itself (tokens and
 * versions never go back, declared by every backend) across a restart; FAULT-3 and FAULT-4
 * {@link Capability#REPLICATED} (a leader or primary killed); FAULT-5 {@link Capability#SERVER_SIDE_EXPIRY} (a client
 * that is gone); FAULT-6 and FAULT-7 {@link Capability#WATCH} (a watcher whose server froze or restarted).
 *
 * <p>Restarts cost seconds on real servers: the class runs each fault once per rule and checks every primitive
 * against that one fault.
 */
public abstract class FaultVerification extends AbstractVerification {

    /** The backend's fault interface; the rules require {@link Capability#FAULTS}, so it must be present. */
    protected Faults faults() {
        return backend.faults().orElseThrow(() -> new AssertionError("backend '" + backend.name()
                + "' declares FAULTS but faults() is empty"));
    }

    /** How long a restart, a member start or a failover may take before the rule fails. */
    protected Duration recoveryBound() {
        return env.scaled(Duration.ofSeconds(60));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code call} until it does not throw a {@link BackendException}, for at most {@link #recoveryBound()}:
     * for the first calls after a failover, which may meet a client still reconnecting.
     */
    protected <T> T eventually(String what, Supplier<T> call) {
        long deadline = System.nanoTime() + recoveryBound().toNanos();
        BackendException last;
        while (true) {
            try {
                return call.get();
            } catch (BackendException e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": the backend did not answer within " + recoveryBound()
                        + " after the fault; last error: " + last.getMessage(), last);
            }
            pause(Duration.ofMillis(50));
        }
    }

    /** The member to kill for a failover: the leader (etcd) or the primary (redis), waiting out an election. */
    private Faults.Member leaderOrPrimary() {
        long deadline = System.nanoTime() + recoveryBound().toNanos();
        while (true) {
            try {
                return faults().writer();
            } catch (java.util.NoSuchElementException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError(e.getMessage(), e);
                }
            }
            pause(Duration.ofMillis(50));
        }
    }

    /**
     * Verifies that writes acknowledged before a crash of every server ({@link Faults#restartAll}: SIGKILL and start)
     * are all there afterwards, through the same client: a KV value with its version, a lock grant (still held, and
     * releasable with its token), a completed idempotency key (its result replayed) and log records (with the next
     * append continuing the numbering).
     *
     * <p>If this fails, check that writes are synced to disk before they are acknowledged (fsync, AOF
     * {@code appendfsync always}), that the data directory is kept across the restart, and that the client
     * reconnects by itself.
     */
    @Test
    @ConformanceRule(id = "FAULT-1", title = "acknowledged writes (KV, lock, idempotency, log) survive a crash and restart "
            + "of every server", level = Level.OPTIONAL, requires = {Capability.FAULTS, Capability.DURABLE})
    public void optional_FAULT1_acknowledgedWritesSurviveRestart() {
        KeyValueStore kv = backend.keyValue(unique("fault1"));
        long version = kv.put("k", utf8("v1"));
        LockService locks = backend.locks(new LockConfig(unique("fault1-lock"), longTtl()));
        LockGrant grant = locks.tryAcquire("l").orElseThrow(() -> new AssertionError("FAULT-1: a free lock was refused"));
        IdempotencyStore idem = backend.idempotency(new IdempotencyConfig(unique("fault1-idem"), longTtl(), longTtl()));
        Claim claim = idem.claim("key", "fp").claim().orElseThrow(() -> new AssertionError("FAULT-1: first claim not NEW"));
        assertThat(idem.complete(claim, utf8("result"))).as("FAULT-1: complete before the restart").isTrue();
        DurableLog log = backend.log(unique("fault1-log"));
        for (int i = 1; i <= 5; i++) {
            log.append(utf8("r" + i));
        }

        faults().restartAll(recoveryBound());

        Optional<Versioned> v = eventually("FAULT-1: kv get after the restart", () -> kv.get("k"));
        assertThat(v).as("FAULT-1: KV key written before the restart").isPresent();
        assertThat(text(v.get().value())).as("FAULT-1: KV value after the restart").isEqualTo("v1");
        assertThat(v.get().version()).as("FAULT-1: KV version after the restart").isEqualTo(version);
        assertThat(locks.tryAcquire("l")).as("FAULT-1: the lock granted before the restart (token %d) must still be "
                + "held", grant.fencingToken()).isEmpty();
        assertThat(locks.release(grant)).as("FAULT-1: release with the token granted before the restart").isTrue();
        ClaimResult again = idem.claim("key", "fp");
        assertThat(again.status()).as("FAULT-1: claim of a key completed before the restart")
                .isEqualTo(ClaimResult.Status.COMPLETED);
        assertThat(text(again.result().orElseThrow())).as("FAULT-1: stored result after the restart").isEqualTo("result");
        assertThat(log.lastSequence()).as("FAULT-1: log lastSequence after the restart").isEqualTo(5);
        List<LogRecord> records = log.read(1, 100);
        assertThat(records).as("FAULT-1: log records after the restart").hasSize(5);
        for (LogRecord r : records) {
            assertThat(text(r.payload())).as("FAULT-1: payload of record %d", r.sequence()).isEqualTo("r" + r.sequence());
        }
        assertThat(log.append(utf8("after"))).as("FAULT-1: first append after the restart").isEqualTo(6);
    }

    /** Versions and tokens handed out before a fault, to compare with those handed out after it. */
    private record Counters(long lockToken, long kvVersion, long claimToken) {
    }

    private Counters takeCounters(String rule, LockService locks, KeyValueStore kv, IdempotencyStore idem, String suffix) {
        LockGrant g = locks.tryAcquire("l").orElseThrow(() -> new AssertionError(rule + ": a free lock was refused"));
        assertThat(locks.release(g)).as(rule + ": release of a fresh grant").isTrue();
        long version = kv.put("k", utf8("v" + suffix));
        Claim c = idem.claim("key-" + suffix, "fp").claim()
                .orElseThrow(() -> new AssertionError(rule + ": claim of a fresh key was not NEW"));
        assertThat(idem.complete(c, utf8("done"))).as(rule + ": complete of a fresh claim").isTrue();
        return new Counters(g.fencingToken(), version, c.token());
    }

    private static void assertNeverBack(String rule, String fault, Counters before, Counters after) {
        assertThat(after.lockToken()).as("%s: fencing token of the first grant after %s (last before: %d)", rule, fault,
                before.lockToken()).isGreaterThan(before.lockToken());
        assertThat(after.kvVersion()).as("%s: version of the first put after %s (last before: %d)", rule, fault,
                before.kvVersion()).isGreaterThan(before.kvVersion());
        assertThat(after.claimToken()).as("%s: token of the first claim after %s (last before: %d)", rule, fault,
                before.claimToken()).isGreaterThan(before.claimToken());
    }

    /**
     * Verifies that fencing tokens, KV versions and claim tokens never go back across a crash and restart of every
     * server, whether or not the data survived it (a backend without DURABLE may lose the lock, the key and the
     * claim, but the next grant, put and claim must still carry larger numbers, as the contracts of
     * {@code LockGrant}, {@code KeyValueStore} and {@code Claim} promise without condition).
     *
     * <p>If this fails, check where the counters live: a counter kept only in a server's memory restarts at 1; persist
     * it, or derive the numbers from something that cannot repeat (e.g. the server's clock).
     */
    @Test
    @ConformanceRule(id = "FAULT-2", title = "fencing tokens, KV versions and claim tokens never go back across a restart "
            + "of every server", level = Level.OPTIONAL, requires = Capability.FAULTS)
    public void optional_FAULT2_tokensAndVersionsNeverGoBackAcrossRestart() {
        LockService locks = backend.locks(new LockConfig(unique("fault2-lock"), longTtl()));
        KeyValueStore kv = backend.keyValue(unique("fault2"));
        IdempotencyStore idem = backend.idempotency(new IdempotencyConfig(unique("fault2-idem"), longTtl(), longTtl()));
        Counters before = takeCounters("FAULT-2", locks, kv, idem, "before");
        faults().restartAll(recoveryBound());
        Counters after = eventually("FAULT-2: first calls after the restart",
                () -> takeCounters("FAULT-2", locks, kv, idem, "after"));
        assertNeverBack("FAULT-2", "the restart", before, after);
    }

    /**
     * Verifies that killing the leader (etcd) or primary (redis) of a replicated backend is survived: the backend
     * serves again through the same client, fencing tokens, versions and claim tokens handed out afterwards are
     * larger than before, and, where DURABLE is declared too, the value written before the kill is still there
     * with its version. The killed member is started again at the end.
     *
     * <p>If this fails, check that the client follows the new leader or primary, and that counters are replicated
     * synchronously or derived so that a promoted replica cannot repeat them.
     */
    @Test
    @ConformanceRule(id = "FAULT-3", title = "after the leader or primary is killed the backend serves again; tokens and "
            + "versions never go back; durable writes are kept", level = Level.OPTIONAL,
            requires = {Capability.FAULTS, Capability.REPLICATED})
    public void optional_FAULT3_failoverKeepsTokensAndWrites() {
        LockService locks = backend.locks(new LockConfig(unique("fault3-lock"), longTtl()));
        KeyValueStore kv = backend.keyValue(unique("fault3"));
        IdempotencyStore idem = backend.idempotency(new IdempotencyConfig(unique("fault3-idem"), longTtl(), longTtl()));
        long kept = kv.put("kept", utf8("before"));
        Counters before = takeCounters("FAULT-3", locks, kv, idem, "before");
        Faults.Member killed = leaderOrPrimary();
        faults().kill(killed.name());
        try {
            boolean failedOver = env.await(recoveryBound(), () -> {
                try {
                    return !faults().writer().name().equals(killed.name());
                } catch (java.util.NoSuchElementException electionInProgress) {
                    return false;
                }
            });
            assertThat(failedOver).as("FAULT-3: another member took over within %s after killing %s; members: %s",
                    recoveryBound(), killed, faults().members()).isTrue();
            Counters after = eventually("FAULT-3: first calls after killing " + killed,
                    () -> takeCounters("FAULT-3", locks, kv, idem, "after"));
            assertNeverBack("FAULT-3", "killing " + killed.role() + " " + killed.name(), before, after);
            if (backend.capabilities().contains(Capability.DURABLE)) {
                Optional<Versioned> v = kv.get("kept");
                assertThat(v).as("FAULT-3: a key acknowledged before the failover").isPresent();
                assertThat(v.get().version()).as("FAULT-3: its version after the failover").isEqualTo(kept);
            }
        } finally {
            faults().start(killed.name(), recoveryBound());
        }
    }

    /**
     * Verifies that a lock lease stays within tolerance across a leader (or primary) change: a grant made before the
     * leader is killed is still held until lease - tolerance after it was sent (a new leader must not drop it
     * early), and is free again by lease + tolerance after the new leader was seen serving (a leader change may
     * restart the countdown once, never keep a lease forever). The lease is whole seconds, so rounding plays no
     * part.
     *
     * <p>If this fails early, check that leases are replicated with the grant; if late, check that the new leader
     * runs the lease's countdown.
     */
    @Test
    @ConformanceRule(id = "FAULT-4", title = "a lock lease stays within tolerance across a leader change",
            level = Level.OPTIONAL, requires = {Capability.FAULTS, Capability.REPLICATED, Capability.SERVER_SIDE_EXPIRY})
    public void optional_FAULT4_leaseWithinToleranceAcrossLeaderChange() {
        Duration lease = Duration.ofSeconds((shortTtl().toMillis() + 999) / 1000);
        LockService locks = backend.locks(new LockConfig(unique("fault4-lock"), lease));
        long sent = System.nanoTime();
        LockGrant grant = locks.tryAcquire("l").orElseThrow(() -> new AssertionError("FAULT-4: a free lock was refused"));
        Faults.Member killed = leaderOrPrimary();
        faults().kill(killed.name());
        try {
            long earliestFree = sent + lease.minus(tolerance()).toNanos();
            Long newLeaderSeen = null;
            Long freedAt = null;
            while (freedAt == null) {
                Optional<LockGrant> g;
                try {
                    g = locks.tryAcquire("l");
                } catch (BackendException e) {
                    pause(Duration.ofMillis(50)); // no leader yet: no observation
                    if (newLeaderSeen == null && System.nanoTime() - sent > recoveryBound().toNanos()) {
                        throw new AssertionError("FAULT-4: no answer within " + recoveryBound() + " after killing "
                                + killed + ": " + e.getMessage(), e);
                    }
                    continue;
                }
                long observed = System.nanoTime();
                if (newLeaderSeen == null) {
                    newLeaderSeen = observed;
                }
                if (g.isPresent()) {
                    freedAt = observed;
                    assertThat(g.get().fencingToken()).as("FAULT-4: token of the grant after the lease ran out")
                            .isGreaterThan(grant.fencingToken());
                    if (observed - earliestFree < 0) {
                        throw new AssertionError("FAULT-4: the lock was free " + since(sent).toMillis() + " ms after "
                                + "the grant was sent, across a leader change (killed " + killed + "); it must stay held "
                                + "until lease - tolerance = " + lease.toMillis() + " - " + tolerance().toMillis()
                                + " ms");
                    }
                    break;
                }
                long latest = newLeaderSeen + lease.plus(tolerance()).toNanos();
                if (observed - latest > 0) {
                    throw new AssertionError("FAULT-4: the lock was still held " + Duration.ofNanos(observed
                            - newLeaderSeen).toMillis() + " ms after the new leader answered (lease " + lease.toMillis()
                            + " ms + tolerance " + tolerance().toMillis() + " ms; killed " + killed + ")");
                }
                pause(Duration.ofMillis(20));
            }
        } finally {
            faults().start(killed.name(), recoveryBound());
        }
    }

    /**
     * Verifies server-side expiry: a lock granted and an instance registered by a second client
     * ({@link Faults#openClient()}) that is then closed without releasing or deregistering anything (a client
     * process that died) still expire: the lock is held until lease - tolerance and free by lease + tolerance; the
     * instance is gone by TTL + tolerance.
     *
     * <p>If this fails, check that expiry is enforced by the server (a TTL or lease on the server), not by timers or
     * keep-alives in the client that set it.
     */
    @Test
    @ConformanceRule(id = "FAULT-5", title = "a lease or TTL set by a client that is gone still expires on time",
            level = Level.OPTIONAL, requires = {Capability.FAULTS, Capability.SERVER_SIDE_EXPIRY})
    public void optional_FAULT5_expiryWhenTheClientIsGone() {
        Duration ttl = shortTtl();
        String lockNs = unique("fault5-lock");
        String regNs = unique("fault5-reg");
        String service = "svc";
        long sent;
        long returned;
        long regReturned;
        try (Backend other = faults().openClient()) {
            LockService theirs = other.locks(new LockConfig(lockNs, ttl));
            ServiceRegistry theirRegistry = other.registry(new RegistryConfig(regNs));
            sent = System.nanoTime();
            theirs.tryAcquire("l").orElseThrow(() -> new AssertionError("FAULT-5: a free lock was refused"));
            returned = System.nanoTime();
            theirRegistry.register(new ServiceInstance(service, "gone", "127.0.0.1", 1, Map.of()), ttl);
            regReturned = System.nanoTime();
        }
        LockService mine = backend.locks(new LockConfig(lockNs, ttl));
        assertExpiryWindow("FAULT-5: lock granted by a closed client", sent, returned, ttl,
                () -> mine.tryAcquire("l").isEmpty());
        try (ServiceRegistry registry = backend.registry(new RegistryConfig(regNs))) {
            Duration goneWithin = ttl.plus(tolerance()).minus(since(regReturned));
            assertThat(env.await(max(goneWithin, Duration.ZERO), () -> registry.discover(service).isEmpty()))
                    .as("FAULT-5: instance registered by a closed client must be gone by TTL + tolerance = %d ms; still "
                            + "there %d ms after the register returned", ttl.plus(tolerance()).toMillis(),
                            since(regReturned).toMillis()).isTrue();
        }
    }

    private void assertViewConverges(String rule, ServiceRegistry registry, String service, WatchView view, String fault) {
        boolean same = env.await(recoveryBound(), () -> view.instances().equals(registry.discover(service)));
        if (!same) {
            throw new AssertionError(rule + ": after " + fault + " the watcher's view " + view.instances()
                    + " never became equal to a fresh discover " + registry.discover(service) + " within "
                    + recoveryBound() + " (events of other types seen: " + view.unknownTypes() + ")");
        }
    }

    private void changesAfterFault(ServiceRegistry registry, String service) {
        eventually("deregister after the fault", () -> registry.deregister(service, "a"));
        registry.register(new ServiceInstance(service, "b", "127.0.0.1", 2002, Map.of()), longTtl());
        registry.register(new ServiceInstance(service, "c", "127.0.0.1", 3000, Map.of()), longTtl());
    }

    /**
     * Verifies that a watch survives a frozen server: with a watcher open, every data server is paused (SIGSTOP) for
     * two seconds and resumed; changes made afterwards (a removal, an update, an addition) reach the watcher, whose
     * view (built only from its events) ends equal to a fresh {@code discover}.
     *
     * <p>If this fails, check that the watch reconnects after a read timed out, resumes from the last event it
     * delivered, and re-lists (with a reset) when it cannot resume.
     */
    @Test
    @ConformanceRule(id = "FAULT-6", title = "a watcher whose server was paused ends with the same view as a fresh read",
            level = Level.OPTIONAL, requires = {Capability.FAULTS, Capability.WATCH})
    public void optional_FAULT6_watchSurvivesPausedServer() {
        String service = "svc";
        try (ServiceRegistry registry = backend.registry(new RegistryConfig(unique("fault6")))) {
            WatchView view = new WatchView();
            try (ServiceRegistry.Watch w = registry.watch(service, view::apply)) {
                registry.register(new ServiceInstance(service, "a", "127.0.0.1", 1000, Map.of()), longTtl());
                registry.register(new ServiceInstance(service, "b", "127.0.0.1", 2000, Map.of()), longTtl());
                assertViewConverges("FAULT-6", registry, service, view, "registering a and b (no fault yet)");
                List<String> paused = new ArrayList<>();
                for (Faults.Member m : faults().members()) {
                    if (m.state() == Faults.State.RUNNING && m.role() != Faults.Role.SENTINEL) {
                        faults().pause(m.name());
                        paused.add(m.name());
                    }
                }
                try {
                    letTimePass(env.scaled(Duration.ofSeconds(2)));
                } finally {
                    for (String m : paused) {
                        faults().resume(m);
                    }
                }
                changesAfterFault(registry, service);
                assertViewConverges("FAULT-6", registry, service, view, "pausing " + paused + " for 2 s");
            }
        }
    }

    /**
     * Verifies that a watch survives a restart of every server (its connection is cut): changes made after
     * {@link Faults#restartAll} reach the watcher, whose view ends equal to a fresh {@code discover}. Needs DURABLE
     * (the registrations made before survive); without it the watcher would need a reset signal to drop what the
     * restart lost.
     *
     * <p>If this fails, check that the watch reconnects after its connection broke and resumes from the last event
     * it delivered.
     */
    @Test
    @ConformanceRule(id = "FAULT-7", title = "a watcher disconnected by a restart of every server ends with the same "
            + "view as a fresh read", level = Level.OPTIONAL,
            requires = {Capability.FAULTS, Capability.WATCH, Capability.DURABLE})
    public void optional_FAULT7_watchSurvivesRestart() {
        String service = "svc";
        try (ServiceRegistry registry = backend.registry(new RegistryConfig(unique("fault7")))) {
            WatchView view = new WatchView();
            try (ServiceRegistry.Watch w = registry.watch(service, view::apply)) {
                registry.register(new ServiceInstance(service, "a", "127.0.0.1", 1000, Map.of()), longTtl());
                registry.register(new ServiceInstance(service, "b", "127.0.0.1", 2000, Map.of()), longTtl());
                assertViewConverges("FAULT-7", registry, service, view, "registering a and b (no fault yet)");
                faults().restartAll(recoveryBound());
                changesAfterFault(registry, service);
                assertViewConverges("FAULT-7", registry, service, view, "a restart of every server");
            }
        }
    }
}
