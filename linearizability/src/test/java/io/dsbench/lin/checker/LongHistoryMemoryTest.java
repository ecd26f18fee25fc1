package io.dsbench.lin.checker;

import io.dsbench.lin.history.History;
import io.dsbench.lin.history.Op;
import io.dsbench.lin.history.OpType;
import io.dsbench.lin.model.Model;
import io.dsbench.lin.model.Models;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 item 6: the memo must grow about linearly with a long single-key history, not with (history length)^2.
 * A fully sequential history needs one memo entry per operation; with a memo budget of 32 MiB a 300,000-op
 * history must still be decided (before the fix every entry held a bitset of the whole history: 37 KB each).
 */
class LongHistoryMemoryTest {

    /** A sequential register history: write 1, read 1, write 2, read 2, ... over 4 processes taking turns. */
    static History sequential(int ops, boolean stale) {
        List<Op> out = new ArrayList<>(2 * ops);
        long v = 0;
        for (int i = 0; i < ops; i++) {
            int p = i % 4;
            if (i % 2 == 0) {
                v++;
                out.add(Op.of(OpType.INVOKE, p, "write", v));
                out.add(Op.of(OpType.OK, p, "write", v));
            } else {
                out.add(Op.of(OpType.INVOKE, p, "read", null));
                out.add(Op.of(OpType.OK, p, "read", stale && i == ops - 1 ? v - 1 : v));
            }
        }
        return History.of(out);
    }

    static final Model REGISTER = Models.byName("register", "0", true);

    @Test
    void sequential300kOps_isDecidedWithA32MiBMemoBudget() {
        CheckOptions o = CheckOptions.defaults().withMemoBudgetBytes(32L << 20);
        CheckResult r = new LinearizabilityChecker(o).check(sequential(300_000, false), REGISTER, FailMode.DROP);
        assertThat(r.verdict()).as("reason: %s", r.reason()).isEqualTo(Verdict.LINEARIZABLE);
        CheckResult bad = new LinearizabilityChecker(o).check(sequential(300_000, true), REGISTER, FailMode.DROP);
        assertThat(bad.verdict()).as("reason: %s", bad.reason()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(bad.counterexample().failing().callPos()).isEqualTo(2 * 300_000 - 2);
    }
}
