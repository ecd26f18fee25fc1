package io.dsbench.conformance;

import io.dsbench.conformance.ConformanceRule.Scope;
import io.dsbench.spi.Backend;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The kit's one entry point: every kit class, run against one backend. A backend's whole conformance wiring
 * is one subclass naming the backend:
 *
 * <pre>{@code
 * class MyBackendKitTest extends KitSuite {
 *     @Override protected Backend openBackend() { return Backends.open(BackendConfig.managed("mine")); }
 * }
 * }</pre>
 *
 * <p>Each kit class is a {@code @Nested} class below, bound to the suite: JUnit 5 runs them all, and the
 * test names keep the rule ids ({@code MyBackendKitTest > KeyValue > required_KV4_...}). The backend is
 * opened once, on first use, shared by every kit class (rules use fresh namespaces and never see each
 * other's data), and closed through {@link #closeBackend(Backend)} after the last one.
 *
 * <p><b>Adding a kit class</b>: add one {@code @Nested} class here (or in a module's own suite that extends
 * this one, like the linearizability module's {@code FullKitSuite}), of the form
 * {@code @Nested public class Foo extends FooVerification { { bindTo(KitSuite.this); } }}. {@link #kitClasses}
 * finds it; the CLI, {@link RuleCatalog#kit()} and docs/RULES.md follow.
 *
 * <p><b>Scopes</b>: rules of {@link Scope#CORE} test only core code, so they run once, in a suite whose
 * {@link #scopes()} include CORE (the CLI runs them as backend {@code core}; in Maven, the in-memory backend's
 * suite runs them); every other suite skips them, naming the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class KitSuite {
    private Backend shared;
    private RuntimeException openFailure;

    /** Opens the backend under test; called once per suite, when the first kit class starts. */
    protected abstract Backend openBackend();

    /** Closes the backend after every kit class ran; override to keep a backend shared between suites. */
    protected void closeBackend(Backend backend) {
        backend.close();
    }

    /**
     * For LOG-4 (only run where the backend declares DURABLE): restarts the backend on the same data (a real
     * server restart) and returns a new instance reading it. The suite's shared backend must stay usable for
     * the kit classes that run afterwards. The default cannot restart anything and fails, saying so.
     */
    protected Backend reopenBackend(Backend current) {
        throw new IllegalStateException(getClass().getSimpleName() + " declares DURABLE but cannot restart its backend:"
                + " override KitSuite.reopenBackend(Backend) to restart the server on the same data");
    }

    /**
     * REG-16's hook ({@link RegistryVerification#compactWatchHistory}): a backend whose server keeps watch history
     * until it is compacted (etcd) compacts it here; the default does nothing.
     */
    protected void compactWatchHistory(io.dsbench.spec.registry.ServiceRegistry registry) {
    }

    /**
     * Which rules this suite runs: BACKEND (the default: every rule that exercises the backend), CORE (rules
     * that test only core code; the CLI runs them once as backend {@code core}), or both (the in-memory
     * backend's own suite, so that {@code mvn verify} runs the core checks once).
     */
    protected Set<Scope> scopes() {
        return EnumSet.of(Scope.BACKEND);
    }

    /** The backend shared by this suite's kit classes, opened on first use (a failure to open is kept). */
    final synchronized Backend sharedBackend() {
        if (openFailure != null) {
            throw new IllegalStateException("the backend of " + getClass().getSimpleName() + " could not be opened: "
                    + openFailure.getMessage(), openFailure);
        }
        if (shared == null) {
            try {
                shared = openBackend();
            } catch (RuntimeException e) {
                openFailure = e;
                throw e;
            }
            if (shared == null) {
                openFailure = new IllegalStateException(getClass().getName() + ".openBackend() returned null");
                throw openFailure;
            }
        }
        return shared;
    }

    final synchronized boolean isShared(Backend b) {
        return b == shared;
    }

    @AfterAll
    final synchronized void closeSharedBackend() {
        if (shared != null) {
            Backend b = shared;
            shared = null;
            closeBackend(b);
        }
    }

    /**
     * The kit classes a suite class runs: the superclasses of its {@code @Nested} kit classes (declared in it
     * or inherited), sorted by simple name.
     */
    public static List<Class<? extends AbstractVerification>> kitClasses(Class<? extends KitSuite> suite) {
        List<Class<? extends AbstractVerification>> out = new ArrayList<>();
        for (Class<?> c = suite; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Class<?> nested : c.getDeclaredClasses()) {
                if (nested.isAnnotationPresent(Nested.class) && !Modifier.isStatic(nested.getModifiers())
                        && AbstractVerification.class.isAssignableFrom(nested.getSuperclass())) {
                    out.add(nested.getSuperclass().asSubclass(AbstractVerification.class));
                }
            }
        }
        out.sort(Comparator.comparing(Class::getSimpleName));
        return List.copyOf(out);
    }

    /** Skips a rule whose {@link ConformanceRule#scope()} differs from its suite's {@link #scope()}. */
    static final class ScopeCondition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<Method> method = context.getTestMethod();
            Optional<Object> instance = context.getTestInstance();
            if (method.isEmpty() || instance.isEmpty() || !(instance.get() instanceof AbstractVerification kit)) {
                return ConditionEvaluationResult.enabled("not a rule");
            }
            ConformanceRule rule = method.get().getAnnotation(ConformanceRule.class);
            Optional<KitSuite> suite = kit.suite();
            if (rule == null || suite.isEmpty() || suite.get().scopes().contains(rule.scope())) {
                return ConditionEvaluationResult.enabled("in scope");
            }
            return ConditionEvaluationResult.disabled(rule.scope() == Scope.CORE
                    ? rule.id() + " tests only core code: it runs once, as backend 'core' (a KitSuite with scope CORE)"
                    : rule.id() + " exercises a backend: not run by a KitSuite without scope BACKEND");
        }
    }

    /** KV rules ({@link KeyValueVerification}). */
    @Nested
    public class KeyValue extends KeyValueVerification {
        {
            bindTo(KitSuite.this);
        }
    }

    /** REG rules ({@link RegistryVerification}). */
    @Nested
    public class Registry extends RegistryVerification {
        {
            bindTo(KitSuite.this);
        }

        @Override
        protected void compactWatchHistory(io.dsbench.spec.registry.ServiceRegistry registry) {
            KitSuite.this.compactWatchHistory(registry);
        }
    }

    /** CACHE rules of the primitive ({@link CacheStoreVerification}). */
    @Nested
    public class CacheStore extends CacheStoreVerification {
        {
            bindTo(KitSuite.this);
        }
    }

    /** IDEM rules ({@link IdempotencyVerification}). */
    @Nested
    public class Idempotency extends IdempotencyVerification {
        {
            bindTo(KitSuite.this);
        }
    }

    /** LOCK rules ({@link LockVerification}). */
    @Nested
    public class Lock extends LockVerification {
        {
            bindTo(KitSuite.this);
        }
    }

    /** LOG rules ({@link DurableLogVerification}); LOG-4 restarts through {@link KitSuite#reopenBackend}. */
    @Nested
    public class DurableLog extends DurableLogVerification {
        {
            bindTo(KitSuite.this);
        }
    }

    /**
     * FAULT rules ({@link FaultVerification}): they kill, pause and restart the suite's own servers in place through
     * {@link io.dsbench.spi.Backend#faults()}; a backend without capability FAULTS skips them.
     */
    @Nested
    public class Fault extends FaultVerification {
        {
            bindTo(KitSuite.this);
        }
    }

    /** DISC rules ({@link DiscoveryVerification}). */
    @Nested
    public class Discovery extends DiscoveryVerification {
        {
            bindTo(KitSuite.this);
        }
    }

    /** TRACE rules ({@link TracingVerification}). */
    @Nested
    public class Tracing extends TracingVerification {
        {
            bindTo(KitSuite.this);
        }
    }

    /** QUORUM rules ({@link QuorumVerification}). */
    @Nested
    public class Quorum extends QuorumVerification {
        {
            bindTo(KitSuite.this);
        }
    }

    /** SHARD rules ({@link ShardingVerification}). */
    @Nested
    public class Sharding extends ShardingVerification {
        {
            bindTo(KitSuite.this);
        }
    }

    /** CACHE-S rules ({@link CachingStrategyVerification}). */
    @Nested
    public class CachingStrategy extends CachingStrategyVerification {
        {
            bindTo(KitSuite.this);
        }
    }

    /** SAGA rules ({@link SagaVerification}). */
    @Nested
    public class Saga extends SagaVerification {
        {
            bindTo(KitSuite.this);
        }
    }

    /** MULTI rules ({@link MultiLeaderVerification}; MULTI-5..8 are CORE-scoped CRDT laws). */
    @Nested
    public class MultiLeader extends MultiLeaderVerification {
        {
            bindTo(KitSuite.this);
        }
    }

    /** SAGA-C rules: sagas by choreography ({@link SagaChoreographyVerification}). */
    @Nested
    public class SagaChoreography extends SagaChoreographyVerification {
        {
            bindTo(KitSuite.this);
        }
    }

    /** TPC rules ({@link TwoPhaseCommitVerification}). */
    @Nested
    public class TwoPhaseCommit extends TwoPhaseCommitVerification {
        {
            bindTo(KitSuite.this);
        }
    }
}
