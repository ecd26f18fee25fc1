package io.dsbench.lin.kit;

import io.dsbench.conformance.RuleCatalog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The LIN rules follow the kit's conventions (ids, method names, public methods, capabilities). */
class LinearizabilityVerificationConventionsTest {
    @Test
    void rules_followKitConventions() {
        RuleCatalog c = RuleCatalog.of(LinearizabilityVerification.class);
        assertThat(c.problems()).isEmpty();
        assertThat(c.rules()).extracting(RuleCatalog.Rule::id).containsExactly("LIN-IDEM", "LIN-KV", "LIN-KV-KILL",
                "LIN-KV-LOST", "LIN-LOCK");
    }
}
