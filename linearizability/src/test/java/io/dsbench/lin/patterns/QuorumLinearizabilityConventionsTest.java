package io.dsbench.lin.patterns;

import io.dsbench.conformance.RuleCatalog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The LIN-QUORUM rules follow the kit's conventions (ids, method names, public methods, capabilities). */
class QuorumLinearizabilityConventionsTest {
    @Test
    void rules_followKitConventions() {
        RuleCatalog c = RuleCatalog.of(QuorumLinearizabilityVerification.class);
        assertThat(c.problems()).isEmpty();
        assertThat(c.rules()).extracting(RuleCatalog.Rule::id).containsExactly("LIN-QUORUM", "LIN-QUORUM-PLAIN");
    }
}
