package io.dsbench.conformance.controls;

import static io.dsbench.conformance.controls.PlantedBug.registry;

import io.dsbench.spec.registry.ServiceInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Planted bugs of the REG rules: each a realistic defect of a service registry. */
final class RegistryBugs {
    private RegistryBugs() {
    }

    static List<PlantedBug> all() {
        return List.of(
                new PlantedBug("REG-1", "registration applied asynchronously (visible 300 ms later)", registry(r -> new Forwarding.Registry(r) {
                    @Override
                    public void register(ServiceInstance instance, Duration ttl) {
                        Bugs.LATER.schedule(() -> d.register(instance, ttl), 300, TimeUnit.MILLISECONDS);
                    }
                })),
                new PlantedBug("REG-2", "an unknown service discovers as null", registry(r -> new Forwarding.Registry(r) {
                    @Override
                    public List<ServiceInstance> discover(String service) {
                        List<ServiceInstance> found = d.discover(service);
                        return found.isEmpty() ? null : found;
                    }
                })),
                new PlantedBug("REG-3", "the TTL is ignored (instances live an hour)", registry(r -> new Forwarding.Registry(r) {
                    @Override
                    public void register(ServiceInstance instance, Duration ttl) {
                        d.register(instance, Duration.ofHours(1));
                    }
                })),
                new PlantedBug("REG-4", "a heartbeat that answers true but does not restart the TTL", registry(r -> new Forwarding.Registry(r) {
                    @Override
                    public boolean heartbeat(String service, String instanceId) {
                        return d.discover(service).stream().anyMatch(i -> i.id().equals(instanceId));
                    }
                })),
                new PlantedBug("REG-5", "deregister always reports that it removed", registry(r -> new Forwarding.Registry(r) {
                    @Override
                    public boolean deregister(String service, String instanceId) {
                        d.deregister(service, instanceId);
                        return true;
                    }
                })),
                new PlantedBug("REG-6", "register is create-if-absent (a re-registration changes nothing)",
                        registry(r -> new Forwarding.Registry(r) {
                            @Override
                            public void register(ServiceInstance instance, Duration ttl) {
                                if (!d.heartbeat(instance.service(), instance.id())) {
                                    d.register(instance, ttl);
                                }
                            }
                        })),
                new PlantedBug("REG-7", "registrations racing on one service lose one (read-modify-write of the list)",
                        registry(r -> new Forwarding.Registry(r) {
                            private final AtomicInteger inFlight = new AtomicInteger();

                            @Override
                            public void register(ServiceInstance instance, Duration ttl) {
                                boolean alone = inFlight.incrementAndGet() == 1;
                                try {
                                    Bugs.roundTrip();
                                    if (alone) {
                                        d.register(instance, ttl); // a concurrent writer's list overwrote this one
                                    }
                                } finally {
                                    inFlight.decrementAndGet();
                                }
                            }
                        })),
                new PlantedBug("REG-8", "a heartbeat re-creates a missing instance (an upsert)", registry(r -> new Forwarding.Registry(r) {
                    @Override
                    public boolean heartbeat(String service, String instanceId) {
                        if (!d.heartbeat(service, instanceId)) {
                            d.register(ServiceInstance.of(service, instanceId, "127.0.0.1", 1), Duration.ofMinutes(1));
                        }
                        return true;
                    }
                })),
                new PlantedBug("REG-9", "metadata dropped on register", registry(r -> new Forwarding.Registry(r) {
                    @Override
                    public void register(ServiceInstance i, Duration ttl) {
                        d.register(ServiceInstance.of(i.service(), i.id(), i.host(), i.port()), ttl);
                    }
                })),
                new PlantedBug("REG-12", "a zero or negative TTL means 'no expiry'", registry(r -> new Forwarding.Registry(r) {
                    @Override
                    public void register(ServiceInstance instance, Duration ttl) {
                        d.register(instance, ttl != null && (ttl.isZero() || ttl.isNegative()) ? Duration.ofHours(1) : ttl);
                    }
                })),
                new PlantedBug("REG-13", "closing a client deregisters its instances at once", registry(r -> new Forwarding.Registry(r) {
                    private final List<ServiceInstance> mine = Collections.synchronizedList(new ArrayList<>());

                    @Override
                    public void register(ServiceInstance instance, Duration ttl) {
                        mine.add(instance);
                        d.register(instance, ttl);
                    }

                    @Override
                    public void close() {
                        for (ServiceInstance i : List.copyOf(mine)) {
                            d.deregister(i.service(), i.id());
                        }
                        d.close();
                    }
                })));
    }
}
