package io.dsbench.lin.history;

import io.dsbench.spec.BackendException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HistoryRecorderTest {

    @Test
    void concurrentClients_produceAWellFormedHistory() throws Exception {
        HistoryRecorder rec = new HistoryRecorder();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            HistoryRecorder.Client c = rec.client();
            threads.add(new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    c.invoke("write", (long) i);
                    c.ok((long) i);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        History h = rec.history();
        assertThat(h.size()).isEqualTo(4000);
        assertThat(h.calls()).hasSize(2000).allSatisfy(c -> assertThat(c.outcome()).isEqualTo(OpType.OK));
        for (int i = 0; i < h.size(); i++) {
            assertThat(h.get(i).index()).isEqualTo(i);
        }
    }

    @Test
    void info_retiresTheProcess_andMutationTimeoutsAreInfo() {
        HistoryRecorder rec = new HistoryRecorder();
        HistoryRecorder.Client c = rec.client();
        int first = c.process();
        c.invoke("write", 1L);
        c.failed(new BackendException(BackendException.Kind.TIMEOUT, true, "timed out"), true);
        assertThat(c.process()).isNotEqualTo(first);
        c.invoke("read", null);
        c.failed(new BackendException(BackendException.Kind.UNAVAILABLE, false, "refused"), false);
        c.invoke("write", 2L);
        c.failed(new BackendException(BackendException.Kind.ERROR, false, "rejected before sending"), true);
        History h = rec.history();
        assertThat(h.get(1).type()).isEqualTo(OpType.INFO);
        assertThat(h.get(3).type()).isEqualTo(OpType.FAIL);
        assertThat(h.get(5).type()).isEqualTo(OpType.FAIL);
        Set<Integer> procs = new HashSet<>();
        h.forEach(op -> procs.add(op.process()));
        assertThat(procs).hasSize(2);
        assertThat(h.calls()).hasSize(3);
    }

    @Test
    void misuse_isRejected() {
        HistoryRecorder.Client c = new HistoryRecorder().client();
        assertThatThrownBy(() -> c.ok(1L)).isInstanceOf(IllegalStateException.class);
        c.invoke("read", null);
        assertThatThrownBy(() -> c.invoke("read", null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void callsByOpIndex_mapsInvocationAndCompletionToTheSameCall() {
        HistoryRecorder rec = new HistoryRecorder();
        HistoryRecorder.Client a = rec.client();
        HistoryRecorder.Client b = rec.client();
        a.invoke("write", 1L);
        rec.nemesis(OpType.INFO, "kill", null);
        b.invoke("read", null);
        a.ok(1L);
        b.info(null, "timeout");
        a.invoke("read", null);
        History h = rec.history();
        var byIndex = h.callsByOpIndex();
        assertThat(byIndex).doesNotContainKey(1);
        assertThat(byIndex.get(0)).isSameAs(byIndex.get(3));
        assertThat(byIndex.get(3).invoke().index()).isZero();
        assertThat(byIndex.get(4).invoke().f()).isEqualTo("read");
        assertThat(byIndex.get(5).completion()).isNull();
        assertThatThrownBy(() -> History.of(List.of(Op.of(OpType.OK, 7, "read", null))).callsByOpIndex())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("op 0");
    }
}
