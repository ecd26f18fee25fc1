package io.dsbench.conformance;

import io.dsbench.spec.registry.RegistryEvent;
import io.dsbench.spec.registry.ServiceRegistry;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A registry in front of the backend's, for DISC-6: it can hold one {@code discover} after it has read the real
 * registry (so the list it returns is already taken while the rule changes the registry), and it reports when a
 * watcher's listener has <em>processed</em> the removal of one instance. Everything else passes through.
 */
final class HeldFetchRegistry {
    private final ServiceRegistry real;
    private final String watchedId;
    private final Duration bound;
    private final ServiceRegistry proxy;
    private final AtomicBoolean holdNext = new AtomicBoolean();
    private final AtomicBoolean watching = new AtomicBoolean();
    private final CountDownLatch fetched = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch removalProcessed = new CountDownLatch(1);

    HeldFetchRegistry(ServiceRegistry real, String watchedId, Duration bound) {
        this.real = real;
        this.watchedId = watchedId;
        this.bound = bound;
        this.proxy = (ServiceRegistry) Proxy.newProxyInstance(ServiceRegistry.class.getClassLoader(),
                new Class<?>[] {ServiceRegistry.class}, (p, m, args) -> {
                    switch (m.getName()) {
                        case "discover":
                            return discover((String) args[0]);
                        case "watch":
                            @SuppressWarnings("unchecked")
                            Consumer<RegistryEvent> listener = (Consumer<RegistryEvent>) args[1];
                            return watch((String) args[0], listener);
                        default:
                            try {
                                return m.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
    }

    ServiceRegistry registry() {
        return proxy;
    }

    /** The next {@code discover} is held after reading the registry until {@link #release()}. */
    void holdNextFetch() {
        holdNext.set(true);
    }

    /** Whether anyone watches through this registry. */
    boolean watching() {
        return watching.get();
    }

    boolean awaitFetched() throws InterruptedException {
        return fetched.await(bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until a watcher's listener returned from the REMOVED / EXPIRED event of the watched instance. */
    boolean awaitRemovalProcessed() throws InterruptedException {
        return removalProcessed.await(bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    void release() {
        release.countDown();
    }

    private List<?> discover(String service) throws InterruptedException {
        List<?> result = real.discover(service);
        if (holdNext.compareAndSet(true, false)) {
            fetched.countDown();
            if (!release.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("DISC-6: the held fetch was not released within " + bound);
            }
        }
        return result;
    }

    private ServiceRegistry.Watch watch(String service, Consumer<RegistryEvent> listener) {
        ServiceRegistry.Watch w = real.watch(service, e -> {
            listener.accept(e);
            if ((e.type() == RegistryEvent.Type.REMOVED || e.type() == RegistryEvent.Type.EXPIRED)
                    && e.instance().id().equals(watchedId)) {
                removalProcessed.countDown();
            }
        });
        watching.set(true);
        return w;
    }
}
