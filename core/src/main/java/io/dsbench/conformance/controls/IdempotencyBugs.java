package io.dsbench.conformance.controls;

import static io.dsbench.conformance.controls.PlantedBug.idempotency;

import io.dsbench.conformance.ForwardingBackend;
import io.dsbench.spec.idempotency.Claim;
import io.dsbench.spec.idempotency.ClaimResult;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyRecord;
import io.dsbench.spec.idempotency.IdempotencyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Planted bugs of the IDEM rules: each a realistic defect of a idempotency store. */
final class IdempotencyBugs {
    private IdempotencyBugs() {
    }

    static List<PlantedBug> all() {
        return List.of(
                new PlantedBug("IDEM-1", "a just-created claim is reported IN_PROGRESS", idempotency(s -> new Forwarding.Idempotency(s) {
                    @Override
                    public ClaimResult claim(String key, String fingerprint) {
                        ClaimResult r = d.claim(key, fingerprint);
                        return r.status() == ClaimResult.Status.NEW ? ClaimResult.inProgress() : r;
                    }
                })),
                new PlantedBug("IDEM-2", "complete releases the claim instead of storing the result",
                        idempotency(s -> new Forwarding.Idempotency(s) {
                            @Override
                            public boolean complete(Claim claim, byte[] result) {
                                return d.release(claim);
                            }
                        })),
                new PlantedBug("IDEM-3", "a claim while another is in progress is granted", idempotency(s -> new Forwarding.Idempotency(s) {
                    private final AtomicLong tokens = new AtomicLong(1_000_000);

                    @Override
                    public ClaimResult claim(String key, String fingerprint) {
                        ClaimResult r = d.claim(key, fingerprint);
                        return r.status() == ClaimResult.Status.IN_PROGRESS
                                ? ClaimResult.won(new Claim(key, fingerprint, tokens.incrementAndGet())) : r;
                    }
                })),
                new PlantedBug("IDEM-4", "fingerprints are ignored (a different request replays the stored result)",
                        idempotency(s -> new Forwarding.Idempotency(s) {
                            @Override
                            public ClaimResult claim(String key, String fingerprint) {
                                return d.claim(key, d.lookup(key).map(IdempotencyRecord::fingerprint).orElse(fingerprint));
                            }
                        })),
                new PlantedBug("IDEM-5", "the specification's get-then-record store (lookup, then claim)",
                        idempotency(s -> new Forwarding.Idempotency(s) {
                            private final AtomicLong tokens = new AtomicLong(2_000_000);

                            @Override
                            public ClaimResult claim(String key, String fingerprint) {
                                boolean seenNothing = d.lookup(key).isEmpty();
                                Bugs.roundTrip();
                                ClaimResult r = d.claim(key, fingerprint);
                                // it saw no record, so it believes it is first and executes, whatever was recorded meanwhile
                                return seenNothing && r.status() != ClaimResult.Status.NEW
                                        ? ClaimResult.won(new Claim(key, fingerprint, tokens.incrementAndGet())) : r;
                            }

                            @Override
                            public boolean complete(Claim claim, byte[] result) {
                                return d.complete(claim, result) || claim.token() > 2_000_000;
                            }
                        })),
                new PlantedBug("IDEM-6", "the retention is ignored (completed entries kept an hour)", Bugs.backend(b -> new ForwardingBackend(b,
                        "planted-bug") {
                    @Override
                    public IdempotencyStore idempotency(IdempotencyConfig c) {
                        return delegate.idempotency(new IdempotencyConfig(c.namespace(), Duration.ofHours(1), c.lockTimeout()));
                    }
                })),
                new PlantedBug("IDEM-7", "the lock timeout is ignored (abandoned claims kept an hour)", Bugs.backend(b -> new ForwardingBackend(b,
                        "planted-bug") {
                    @Override
                    public IdempotencyStore idempotency(IdempotencyConfig c) {
                        return delegate.idempotency(new IdempotencyConfig(c.namespace(), c.retention(), Duration.ofHours(1)));
                    }
                })),
                new PlantedBug("IDEM-8", "complete checks key and fingerprint, not the claim's token",
                        idempotency(s -> new Forwarding.Idempotency(s) {
                            private final Map<String, Claim> latest = new ConcurrentHashMap<>();

                            @Override
                            public ClaimResult claim(String key, String fingerprint) {
                                ClaimResult r = d.claim(key, fingerprint);
                                r.claim().ifPresent(c -> latest.put(key, c));
                                return r;
                            }

                            @Override
                            public boolean complete(Claim claim, byte[] result) {
                                Claim current = latest.get(claim.key());
                                return d.complete(current != null && current.fingerprint().equals(claim.fingerprint())
                                        ? current : claim, result);
                            }
                        })),
                new PlantedBug("IDEM-9", "release answers true but keeps the claim", idempotency(s -> new Forwarding.Idempotency(s) {
                    @Override
                    public boolean release(Claim claim) {
                        return true;
                    }
                })),
                new PlantedBug("IDEM-10", "a claim-token counter that restarts per key", idempotency(s -> new Forwarding.Idempotency(s) {
                    private final Map<String, Claim> real = new ConcurrentHashMap<>();

                    @Override
                    public ClaimResult claim(String key, String fingerprint) {
                        ClaimResult r = d.claim(key, fingerprint);
                        if (r.claim().isEmpty()) {
                            return r;
                        }
                        real.put(key, r.claim().get());
                        return ClaimResult.won(new Claim(key, fingerprint, 1));
                    }

                    @Override
                    public boolean complete(Claim claim, byte[] result) {
                        return d.complete(real.getOrDefault(claim.key(), claim), result);
                    }

                    @Override
                    public boolean release(Claim claim) {
                        return d.release(real.getOrDefault(claim.key(), claim));
                    }
                })),
                new PlantedBug("IDEM-11", "an empty key is accepted", idempotency(s -> new Forwarding.Idempotency(s) {
                    @Override
                    public ClaimResult claim(String key, String fingerprint) {
                        return d.claim(Bugs.lenient(key), fingerprint);
                    }

                    @Override
                    public Optional<IdempotencyRecord> lookup(String key) {
                        return d.lookup(Bugs.lenient(key));
                    }
                })),
                new PlantedBug("IDEM-12", "a second complete is acknowledged", idempotency(s -> new Forwarding.Idempotency(s) {
                    @Override
                    public boolean complete(Claim claim, byte[] result) {
                        d.complete(claim, result);
                        return true;
                    }
                })),
                new PlantedBug("IDEM-13", "the namespace is ignored", Bugs.backend(b -> new ForwardingBackend(b, "planted-bug") {
                    @Override
                    public IdempotencyStore idempotency(IdempotencyConfig c) {
                        return delegate.idempotency(new IdempotencyConfig("shared", c.retention(), c.lockTimeout()));
                    }
                })));
    }
}
