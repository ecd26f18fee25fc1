package io.dsbench.jmh.bench;

import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import java.time.Duration;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * <b>Measures</b> the service registry of a backend, one caller: {@code register} (re-registering one of 64
 * instances, an upsert with a 60 s TTL, as a restarted instance does), {@code heartbeat} of a live instance, and
 * {@code discover} of a service with 16 live instances (the list is returned).
 *
 * <p><b>Invalidated by</b>: instances expiring during the run (the TTL is 60 s and every instance is re-registered
 * or heart-beaten far more often; a heartbeat answering {@code false} would measure the "unknown instance" path);
 * the discover list size (it grows with instances, so the figure is for 16).
 *
 * <p><b>Run</b>: {@code ./dsbench bench --backends etcd --include '^registry\.'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
public class RegistryBenchmark extends BackendBenchmark {
    private static final Duration TTL = Duration.ofSeconds(60);
    private ServiceRegistry registry;
    private ServiceInstance[] registered;
    private String[] heartbeatIds;
    private int nextRegister;
    private int nextHeartbeat;

    @Override
    protected void setUp() {
        registry = target.backend().registry(RegistryConfig.of(target.unique("reg")));
        registered = new ServiceInstance[64];
        for (int i = 0; i < registered.length; i++) {
            registered[i] = ServiceInstance.of("churn", "c" + i, "127.0.0.1", 9000 + i);
        }
        heartbeatIds = new String[16];
        for (int i = 0; i < heartbeatIds.length; i++) {
            heartbeatIds[i] = "i" + i;
            registry.register(ServiceInstance.of("svc", heartbeatIds[i], "127.0.0.1", 8000 + i), TTL);
        }
    }

    @Override
    protected void tearDown() {
        registry.close();
    }

    @Benchmark
    public ServiceInstance register() {
        ServiceInstance s = registered[nextRegister = (nextRegister + 1) & 63];
        registry.register(s, TTL);
        return s;
    }

    @Benchmark
    public boolean heartbeat() {
        return registry.heartbeat("svc", heartbeatIds[nextHeartbeat = (nextHeartbeat + 1) & 15]);
    }

    @Benchmark
    public List<ServiceInstance> discover() {
        return registry.discover("svc");
    }
}
