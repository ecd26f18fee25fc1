package io.dsbench.spi;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds backend providers by name through {@link ServiceLoader}. */
public final class Backends {
    private Backends() {
    }

    /** All providers on the class path, sorted by name. */
    public static Map<String, BackendProvider> providers() {
        Map<String, BackendProvider> byName = new TreeMap<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
            BackendProvider previous = byName.putIfAbsent(p.name(), p);
            if (previous != null && previous.getClass() != p.getClass()) {
                throw new IllegalStateException("two backend providers are named '" + p.name() + "': "
                        + previous.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return byName;
    }

    /**
     * The provider named {@code name}.
     *
     * @throws IllegalArgumentException naming the available backends when there is none of that name
     */
    public static BackendProvider provider(String name) {
        Map<String, BackendProvider> all = providers();
        BackendProvider p = all.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown backend '" + name + "'; available: "
                    + (all.isEmpty() ? "(none on the class path)" : String.join(", ", all.keySet())));
        }
        return p;
    }

    /** Opens the backend named in {@code config}. */
    public static Backend open(BackendConfig config) {
        return provider(config.backend()).open(config);
    }
}
