package io.dsbench.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Keeps the kit honest: every rule follows the conventions, ids are unique, and the numbers add up. */
class RuleCatalogTest {
    @Test
    void kitRules_followConventions() {
        RuleCatalog catalog = RuleCatalog.kit();
        assertThat(catalog.problems()).isEmpty();
    }

    @Test
    void kit_hasAtLeast60Rules_andEveryGroupOfThePrimitives() {
        RuleCatalog catalog = RuleCatalog.kit();
        assertThat(catalog.rules()).hasSizeGreaterThanOrEqualTo(60);
        Set<String> groups = new TreeSet<>();
        catalog.rules().forEach(r -> groups.add(r.group()));
        assertThat(groups).contains("CACHE", "IDEM", "KV", "LOCK", "LOG", "REG", "DISC", "TRACE", "QUORUM", "SHARD",
                "SAGA", "TPC");
    }

    @Test
    void rules_areSortedNumerically() {
        List<String> ids = new ArrayList<>();
        RuleCatalog.kit().rules().forEach(r -> ids.add(r.id()));
        assertThat(ids.indexOf("KV-2")).isLessThan(ids.indexOf("KV-10"));
        assertThat(RuleCatalog.compareIds("CACHE-7", "CACHE-S1")).isNegative();
    }

    @Test
    void markdown_hasOneRowPerRule() {
        RuleCatalog catalog = RuleCatalog.kit();
        String md = catalog.toMarkdown();
        assertThat(md.lines().count()).isEqualTo(catalog.rules().size() + 2);
        assertThat(md).contains("| REG-10 | optional | backend | WATCH |");
    }

    @Test
    void problems_reportsABrokenConvention() {
        RuleCatalog catalog = RuleCatalog.of(Broken.class);
        assertThat(catalog.problems()).anyMatch(p -> p.contains("method name should start with 'required_X1_'"))
                .anyMatch(p -> p.contains("OPTIONAL rule X-2 names no capability"));
    }

    abstract static class Broken extends AbstractVerification {
        @ConformanceRule(id = "X-1", title = "misnamed")
        public void somethingElse() {
        }

        @ConformanceRule(id = "X-2", title = "optional without capability", level = ConformanceRule.Level.OPTIONAL)
        public void optional_X2_noCapability() {
        }
    }
}
