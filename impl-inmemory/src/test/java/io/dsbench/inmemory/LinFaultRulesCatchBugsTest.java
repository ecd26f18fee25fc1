package io.dsbench.inmemory;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Capability;
import io.dsbench.spi.Faults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Negative controls for the LIN rules with faults: LIN-KV-LOST still catches stale reads among lost replies, and
 * LIN-KV-KILL catches a backend that declares DURABLE but comes back empty after a kill; the controls pass.
 */
class LinFaultRulesCatchBugsTest {
    @TempDir
    Path evidence;

    private final InMemoryBackend real = (InMemoryBackend) new InMemoryBackendProvider()
            .open(BackendConfig.managed("inmemory"));

    @AfterEach
    void close() {
        real.close();
    }

    @Test
    void linKvLost_failsOnStaleReads() {
        Backend broken = LinearizabilityRulesCatchBugsTest.wrap(Backend.class, real, Map.of("keyValue", a -> {
            KeyValueStore kv = real.keyValue((String) a[0]);
            Map<String, Optional<Versioned>> firstRead = new ConcurrentHashMap<>();
            return LinearizabilityRulesCatchBugsTest.wrap(KeyValueStore.class, kv, Map.of("get",
                    g -> firstRead.computeIfAbsent((String) g[0], kv::get)));
        }));
        assertThatThrownBy(() -> new LinearizabilityRulesCatchBugsTest.Probe(broken, evidence)
                .optional_LINKVLOST_historyWithLostRepliesIsLinearizable())
                .isInstanceOf(AssertionError.class).hasMessageContaining("LIN-KV-LOST")
                .hasMessageContaining("NOT linearizable");
    }

    @Test
    void linKvLost_control_passesOnInMemory() {
        assertThatCode(() -> new LinearizabilityRulesCatchBugsTest.Probe(real, evidence)
                .optional_LINKVLOST_historyWithLostRepliesIsLinearizable()).doesNotThrowAnyException();
    }

    /** In-memory declaring DURABLE; {@code keepData} says whether a killed member comes back with its data. */
    private Backend durable(boolean keepData) {
        InMemoryFaults realFaults = (InMemoryFaults) real.faults().orElseThrow();
        Faults faults = new Faults() {
            @Override
            public List<Member> members() {
                return realFaults.members();
            }

            @Override
            public void kill(String member) {
                realFaults.kill(member);
            }

            @Override
            public void start(String member, Duration max) {
                realFaults.start(member, keepData);
            }

            @Override
            public void pause(String member) {
                realFaults.pause(member);
            }

            @Override
            public void resume(String member) {
                realFaults.resume(member);
            }

            @Override
            public void restartAll(Duration max) {
                kill(InMemoryFaults.MEMBER);
                start(InMemoryFaults.MEMBER, max);
            }

            @Override
            public Backend openClient() {
                return realFaults.openClient();
            }
        };
        Set<Capability> caps = EnumSet.copyOf(real.capabilities());
        caps.add(Capability.DURABLE);
        return new DelegatingBackend(real) {
            @Override
            public Set<Capability> capabilities() {
                return caps;
            }

            @Override
            public Optional<Faults> faults() {
                return Optional.of(faults);
            }
        };
    }

    @Test
    void linKvKill_failsWhenAKillLosesAcknowledgedWrites() {
        assertThatThrownBy(() -> new LinearizabilityRulesCatchBugsTest.Probe(durable(false), evidence)
                .optional_LINKVKILL_historyAcrossMemberKillIsLinearizable())
                .isInstanceOf(AssertionError.class).hasMessageContaining("LIN-KV-KILL")
                .hasMessageContaining("NOT linearizable");
    }

    @Test
    void linKvKill_control_passesWhenTheKilledMemberKeepsItsData() {
        assertThatCode(() -> new LinearizabilityRulesCatchBugsTest.Probe(durable(true), evidence)
                .optional_LINKVKILL_historyAcrossMemberKillIsLinearizable()).doesNotThrowAnyException();
    }
}
