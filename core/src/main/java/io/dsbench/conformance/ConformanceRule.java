package io.dsbench.conformance;

import io.dsbench.spi.Capability;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a kit test as the check of one rule. Read by the kit (capability skips) and by the
 * {@code dsbench run} report (rule id, title, level).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ConformanceRule {
    /** The rule id, e.g. {@code KV-4}. The part before the dash is the rule group. */
    String id();

    /** One sentence: what the rule promises. */
    String title();

    /** Required, optional (needs {@link #requires()}), or stochastic. */
    Level level() default Level.REQUIRED;

    /** Capabilities the backend must declare for the rule to run; otherwise it is skipped. */
    Capability[] requires() default {};

    /**
     * What the rule exercises: the backend's primitives ({@link Scope#BACKEND}, run once per backend) or only
     * core code over any backend ({@link Scope#CORE}: e.g. a router's balance; run once, as backend
     * {@code core}, since its outcome cannot depend on the backend).
     */
    Scope scope() default Scope.BACKEND;

    /** What a rule's outcome depends on. */
    enum Scope {
        /** The backend under test: the rule runs against every backend. */
        BACKEND,
        /** Only core code (patterns, routers, the kit): the rule runs once, in a {@link KitSuite} whose scopes include CORE. */
        CORE
    }

    /** Strictness of a rule. */
    enum Level {
        /** Every backend must pass. */
        REQUIRED,
        /** Runs only where the backend declares the capabilities in {@link #requires()}. */
        OPTIONAL,
        /** Shows a behaviour that may need several tries to appear; the rule reports how many it took. */
        STOCHASTIC
    }
}
