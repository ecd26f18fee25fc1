package io.dsbench.inmemory.lincheck;

import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Lincheck: {@code InMemoryServiceRegistry} register/heartbeat/deregister/discover (TTLs far beyond the test). */
@Param(name = "id", gen = IntGen.class, conf = "1:2")
public class RegistryLincheckTest extends AbstractLincheckTest {
    private final ServiceRegistry registry = backend.registry(RegistryConfig.of(freshNamespace("lc-reg")));

    @Operation
    public void register(@Param(name = "id") int id) {
        registry.register(ServiceInstance.of("svc", "i" + id, "127.0.0.1", 8000 + id), Duration.ofHours(1));
    }

    @Operation
    public boolean heartbeat(@Param(name = "id") int id) {
        return registry.heartbeat("svc", "i" + id);
    }

    @Operation
    public boolean deregister(@Param(name = "id") int id) {
        return registry.deregister("svc", "i" + id);
    }

    @Operation
    public List<String> discover() {
        List<String> ids = new ArrayList<>();
        for (ServiceInstance i : registry.discover("svc")) {
            ids.add(i.id());
        }
        ids.sort(null);
        return ids;
    }
}
