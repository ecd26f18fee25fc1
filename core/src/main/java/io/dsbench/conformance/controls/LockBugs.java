package io.dsbench.conformance.controls;

import static io.dsbench.conformance.controls.PlantedBug.locks;

import io.dsbench.conformance.ForwardingBackend;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockGrant;
import io.dsbench.spec.lock.LockService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Planted bugs of the LOCK rules: each a realistic defect of a lock service. */
final class LockBugs {
    private LockBugs() {
    }

    static List<PlantedBug> all() {
        return List.of(
                new PlantedBug("LOCK-1", "the grant carries the namespaced server key as its name", locks(l -> new Forwarding.Locks(l) {
                    @Override
                    public Optional<LockGrant> tryAcquire(String name) {
                        return d.tryAcquire(name).map(g -> new LockGrant("locks/" + name, g.fencingToken()));
                    }
                })),
                new PlantedBug("LOCK-2", "tryAcquire of a held lock by its holder re-grants it (reentrant)",
                        locks(l -> new Forwarding.Locks(l) {
                            private final Map<String, LockGrant> mine = new ConcurrentHashMap<>();

                            @Override
                            public Optional<LockGrant> tryAcquire(String name) {
                                Optional<LockGrant> g = d.tryAcquire(name);
                                g.ifPresent(x -> mine.put(name, x));
                                return g.isPresent() ? g : Optional.ofNullable(mine.get(name));
                            }
                        })),
                new PlantedBug("LOCK-3", "release without a token check", Bugs.backend(b -> {
                    Map<String, LockGrant> held = new ConcurrentHashMap<>();
                    return locks(l -> new Forwarding.Locks(l) {
                        @Override
                        public Optional<LockGrant> tryAcquire(String name) {
                            Optional<LockGrant> g = d.tryAcquire(name);
                            g.ifPresent(x -> held.put(config().namespace() + "/" + name, x));
                            return g;
                        }

                        @Override
                        public boolean release(LockGrant grant) {
                            LockGrant real = held.get(config().namespace() + "/" + grant.name());
                            return d.release(real != null ? real : grant);
                        }
                    }).apply(b);
                })),
                new PlantedBug("LOCK-4", "fencing tokens stored with the lock, restarting at 1", locks(l -> new Forwarding.Locks(l) {
                    private final Map<Long, LockGrant> real = new ConcurrentHashMap<>();

                    @Override
                    public Optional<LockGrant> tryAcquire(String name) {
                        return d.tryAcquire(name).map(g -> {
                            real.put(1L, g);
                            return new LockGrant(name, 1);
                        });
                    }

                    @Override
                    public boolean release(LockGrant grant) {
                        LockGrant g = real.get(grant.fencingToken());
                        return g != null && d.release(g);
                    }
                })),
                new PlantedBug("LOCK-5", "the lease is ignored (locks held an hour)", Bugs.backend(b -> new ForwardingBackend(b, "planted-bug") {
                    @Override
                    public LockService locks(LockConfig c) {
                        return delegate.locks(new LockConfig(c.namespace(), Duration.ofHours(1)));
                    }
                })),
                new PlantedBug("LOCK-6", "renew answers true but does not extend the lease", locks(l -> new Forwarding.Locks(l) {
                    @Override
                    public boolean renew(LockGrant grant) {
                        return true;
                    }
                })),
                new PlantedBug("LOCK-7", "acquire that grants when its wait runs out", locks(l -> new Forwarding.Locks(l) {
                    private final AtomicLong tokens = new AtomicLong(1_000_000);

                    @Override
                    public Optional<LockGrant> acquire(String name, Duration maxWait) throws InterruptedException {
                        Optional<LockGrant> g = d.acquire(name, Duration.ofMillis(1));
                        return g.isPresent() ? g : Optional.of(new LockGrant(name, tokens.incrementAndGet()));
                    }

                    @Override
                    public boolean release(LockGrant grant) {
                        return grant.fencingToken() > 1_000_000 || d.release(grant);
                    }
                })),
                new PlantedBug("LOCK-9", "the lease is ignored (a stalled holder keeps the lock)", Bugs.backend(b -> new ForwardingBackend(b,
                        "planted-bug") {
                    @Override
                    public LockService locks(LockConfig c) {
                        return delegate.locks(new LockConfig(c.namespace(), Duration.ofHours(1)));
                    }
                })),
                new PlantedBug("LOCK-10", "acquire does not wait (one try)", locks(l -> new Forwarding.Locks(l) {
                    @Override
                    public Optional<LockGrant> acquire(String name, Duration maxWait) {
                        return d.tryAcquire(name);
                    }
                })),
                new PlantedBug("LOCK-11", "the namespace is ignored", Bugs.backend(b -> new ForwardingBackend(b, "planted-bug") {
                    @Override
                    public LockService locks(LockConfig c) {
                        return delegate.locks(new LockConfig("shared", c.lease()));
                    }
                })),
                new PlantedBug("LOCK-12", "a negative wait is taken as 'no wait'", locks(l -> new Forwarding.Locks(l) {
                    @Override
                    public Optional<LockGrant> acquire(String name, Duration maxWait) throws InterruptedException {
                        return d.acquire(name, maxWait != null && maxWait.isNegative() ? Duration.ZERO : maxWait);
                    }
                })));
    }
}
