package io.dsbench.lin.kit;

import io.dsbench.conformance.KitSuite;
import io.dsbench.lin.patterns.QuorumLinearizabilityVerification;
import org.junit.jupiter.api.Nested;

/**
 * Every kit class: those of {@link KitSuite} plus the linearizability module's (LIN-KV, LIN-LOCK, LIN-IDEM,
 * LIN-QUORUM). A backend whose tests depend on this module extends it instead of {@link KitSuite}; the
 * CLI's {@code dsbench run} uses it too.
 */
public abstract class FullKitSuite extends KitSuite {
    /** LIN-KV, LIN-LOCK, LIN-IDEM ({@link LinearizabilityVerification}). */
    @Nested
    public class Linearizability extends LinearizabilityVerification {
        {
            bindTo(FullKitSuite.this);
        }
    }

    /** CONS-LADDER ({@link ConsistencyLadderVerification}). */
    @Nested
    public class ConsistencyLadder extends ConsistencyLadderVerification {
        {
            bindTo(FullKitSuite.this);
        }
    }

    /** LIN-QUORUM rules ({@link QuorumLinearizabilityVerification}). */
    @Nested
    public class QuorumLinearizability extends QuorumLinearizabilityVerification {
        {
            bindTo(FullKitSuite.this);
        }
    }
}
