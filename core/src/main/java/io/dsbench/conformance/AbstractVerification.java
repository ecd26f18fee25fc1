package io.dsbench.conformance;

import io.dsbench.spi.Backend;
import io.dsbench.spi.Capability;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of every kit class. A backend's test extends a kit class and implements {@link #openBackend()};
 * the kit opens the backend once per class and closes it afterwards through {@link #closeBackend}
 * (override it to keep a backend shared between classes).
 *
 * <p>Before each rule, its {@link ConformanceRule#requires() capabilities} are checked against the
 * backend's declared ones; a missing capability skips the rule with a message naming it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractVerification {
    /** The backend under test, open for the whole class. */
    protected Backend backend;

    /** Timing for time-based rules. */
    protected final TestEnvironment env = TestEnvironment.fromEnvironment();

    /** Opens the backend under test. Called once per class. */
    protected abstract Backend openBackend();

    /** Closes the backend after the class; override to keep a shared backend open. */
    protected void closeBackend(Backend backend) {
        backend.close();
    }

    @BeforeAll
    final void openBackendForKit() {
        backend = openBackend();
        if (backend == null) {
            throw new IllegalStateException(getClass().getName() + ".openBackend() returned null");
        }
    }

    @AfterAll
    final void closeBackendForKit() {
        if (backend != null) {
            closeBackend(backend);
        }
    }

    @BeforeEach
    final void skipWithoutCapabilities(TestInfo info) {
        Method m = info.getTestMethod().orElse(null);
        ConformanceRule rule = m == null ? null : m.getAnnotation(ConformanceRule.class);
        if (rule == null) {
            return;
        }
        List<String> missing = new ArrayList<>();
        for (Capability c : rule.requires()) {
            if (!backend.capabilities().contains(c)) {
                missing.add(c.name());
            }
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> rule.id() + " skipped: needs capability "
                + String.join(", ", missing) + ", not declared by backend '" + backend.name() + "'");
    }

    /** A name unique to this call, for namespaces, keys and services: rules never see each other's data. */
    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }
}
