package io.dsbench.patterns.tpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.patterns.testing.TinyBackend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyValueParticipantTest {
    @Test
    void writes_roundTrip() {
        Map<String, byte[]> w = Map.of("a b", "1".getBytes(StandardCharsets.UTF_8), "ü", new byte[0]);
        Map<String, byte[]> back = KeyValueParticipant.decodeWrites(KeyValueParticipant.encodeWrites(w));
        assertThat(back).containsOnlyKeys("a b", "ü");
        assertThat(back.get("a b")).isEqualTo("1".getBytes(StandardCharsets.UTF_8));
        assertThat(back.get("ü")).isEmpty();
    }

    @Test
    void decodeWrites_garbage_clearError() {
        assertThatThrownBy(() -> KeyValueParticipant.decodeWrites(new byte[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a write set");
    }

    @Test
    void coordinator_unknownParticipant_clearError() {
        TinyBackend b = new TinyBackend();
        KeyValueParticipant p = new KeyValueParticipant("p0", b.log("p"), b.keyValue("d"), Duration.ofMillis(10));
        try (TwoPhaseCommitCoordinator c = new TwoPhaseCommitCoordinator(b.log("c"), List.of(p))) {
            assertThatThrownBy(() -> c.execute("tx", Map.of("p9", new byte[0])))
                    .hasMessageContaining("participant 'p9' is unknown").hasMessageContaining("p0");
            assertThatThrownBy(() -> c.execute("tx", Map.of())).hasMessageContaining("at least one participant");
        }
        assertThatThrownBy(() -> new TwoPhaseCommitCoordinator(b.log("c2"), List.of(p, p)))
                .hasMessageContaining("'p0' given twice");
    }

    @Test
    void log_notA2pcLog_namesRecord() {
        TinyBackend b = new TinyBackend();
        b.log("p").append("saga/1 STARTED x y -1 -".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new KeyValueParticipant("p0", b.log("p"), b.keyValue("d"), Duration.ofMillis(10)))
                .hasMessageContaining("log 'p' record 1 is not a tpc-p/1 record");
    }
}
