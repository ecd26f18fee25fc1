package io.dsbench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.chaos.run.ChaosOptions;
import io.dsbench.chaos.run.ChaosResult;
import io.dsbench.chaos.run.ChaosRunner;
import io.dsbench.chaos.run.Recheck;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole chaos runs on the in-memory backend (simulated faults, no servers): the runner's phases, verification,
 * verdict, expectation and files; and the lock workload showing what fencing changes under a client pause.
 */
class ChaosRunnerInMemoryTest {
    @TempDir
    Path results;

    private List<ChaosResult> run(String workload, String nemesis, int seconds) throws InterruptedException {
        ChaosOptions o = new ChaosOptions("inmemory", ChaosOptions.list(workload), ChaosOptions.list(nemesis), "primary",
                Duration.ofSeconds(seconds), 100, 5, 42, -1, 1_000_000, 50, 20, 0.05, 2000, results, "auto");
        return new ChaosRunner(o, new PrintStream(new ByteArrayOutputStream())).run();
    }

    @Test
    void registerUnderPauseIsValidVerifiedAndRecheckable() throws Exception {
        ChaosResult r = run("register", "pause", 5).get(0);
        assertThat(r.faults()).hasSize(1);
        assertThat(r.faults().get(0).verified()).as(r.faults().get(0).toString()).isTrue();
        assertThat(r.expectation().mustBeValid()).isTrue();
        assertThat(r.verdict()).as(r.message()).isEqualTo("valid");
        assertThat(r.matchesExpectation()).isTrue();
        assertThat(r.phases().get(0).ok()).isPositive();
        assertThat(r.phases().get(2).ok()).as("load after the heal").isPositive();
        for (String f : List.of("history.edn", "history.jsonl", "result.json", "timeline.html")) {
            assertThat(r.dir().resolve(f)).exists();
        }
        assertThat(Files.readString(r.dir().resolve("history.edn"))).contains(":process :nemesis");
        assertThat(Files.readString(r.dir().resolve("result.json"))).contains("\"schema\" : \"dsbench-chaos/1\"");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(Recheck.run(r.dir(), new PrintStream(out), new PrintStream(new ByteArrayOutputStream()))).isZero();
        assertThat(out.toString()).contains("register valid").contains("same");
    }

    @Test
    void lockWithoutFencingIsDamagedByAPausedHolderAndFencingStopsTheDamage() throws Exception {
        List<ChaosResult> rs = run("lock,lock-fenced", "pause", 6);
        ChaosResult plain = rs.get(0);
        ChaosResult fenced = rs.get(1);
        assertThat(plain.faults().get(0).verified()).as(plain.faults().get(0).toString()).isTrue();
        assertThat(plain.outcome().anomalies().get("double_grants")).isPositive();
        assertThat(plain.verdict()).as(plain.message()).isEqualTo("invalid");
        assertThat(plain.matchesExpectation()).as("no fencing: damage is expected").isTrue();
        assertThat(fenced.faults().get(0).verified()).as(fenced.faults().get(0).toString()).isTrue();
        assertThat(fenced.outcome().anomalies().get("double_grants")).isPositive();
        assertThat(fenced.outcome().counts().get("writes_rejected_by_fencing")).isPositive();
        assertThat(fenced.verdict()).as(fenced.message()).isEqualTo("valid");
        assertThat(fenced.matchesExpectation()).isTrue();
    }

    @Test
    void registrySagaAndTwoPhaseCommitRunCheckAndRecheck() throws Exception {
        List<ChaosResult> rs = run("registry,saga,2pc", "pause", 5);
        for (ChaosResult r : rs) {
            assertThat(r.faults().get(0).verified()).as(r.faults().get(0).toString()).isTrue();
            assertThat(r.verdict()).as(r.workload() + ": " + r.message()).isEqualTo("valid");
            assertThat(r.outcome().anomalies().values()).as(r.workload()).containsOnly(0L);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(Recheck.run(r.dir(), new PrintStream(out), new PrintStream(new ByteArrayOutputStream())))
                    .as(r.workload()).isZero();
            assertThat(out.toString()).contains(r.workload() + " valid").contains("same");
        }
        assertThat(rs.get(0).outcome().counts().get("discovers_checked")).isPositive();
        assertThat(rs.get(0).outcome().counts().get("instances")).isPositive();
        for (ChaosResult r : rs.subList(1, 3)) {
            String killed = r.workload().equals("saga") ? "orchestrators_killed" : "coordinators_killed";
            assertThat(r.outcome().counts().get(killed)).as(r.workload() + " " + r.outcome().counts()).isPositive();
            assertThat(r.outcome().counts().get("finished_by_recovery")).as(r.workload()).isPositive();
        }
    }

    @Test
    void checkDirectoriesNameEveryNonDefaultVariant_soVariantsInOneRunDoNotCollide() {
        ChaosOptions plain = new ChaosOptions("etcd", List.of("register"), List.of("partition"), "primary",
                Duration.ofSeconds(10), 100, 5, 1, -1, 10, 50, 20, 0.05, 2000, results, "auto");
        ChaosOptions variant = new ChaosOptions("etcd", List.of("register"), List.of("partition"), "minority",
                Duration.ofSeconds(10), 100, 5, 1, -1, 10, 50, 20, 0.05, 2000, results, "auto", 5, "serializable");
        assertThat(plain.checkName("register")).isEqualTo("register-etcd-partition");
        assertThat(variant.checkName("register")).isEqualTo("register-etcd-partition-target-minority-5members-serializable");
    }

    @Test
    void badInputIsRefusedNamingTheOption() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ChaosOptions("inmemory", List.of("register"),
                        List.of("packet"), "primary", Duration.ofSeconds(10), 100, 5, 1, -1, 10, 50, 20, 0.05, 2000,
                        results, "auto"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--nemesis packet");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ChaosOptions("mysql", List.of("register"),
                        List.of(), "primary", Duration.ofSeconds(10), 100, 5, 1, -1, 10, 50, 20, 0.05, 2000, results, "auto"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--backend 'mysql'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ChaosOptions("redis", List.of("register"),
                        List.of("pause"), "primary", Duration.ofSeconds(10), 100, 5, 1, -1, 10, 50, 20, 0.05, 2000,
                        results, "auto", 5, "linearizable"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--members 5");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ChaosOptions("redis", List.of("register"),
                        List.of("pause"), "primary", Duration.ofSeconds(10), 100, 5, 1, -1, 10, 50, 20, 0.05, 2000,
                        results, "auto", 3, "serializable"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--reads 'serializable'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ChaosOptions("etcd", List.of("register"),
                        List.of("partition"), "ring", Duration.ofSeconds(10), 100, 5, 1, -1, 10, 50, 20, 0.05, 2000,
                        results, "auto", 3, "linearizable"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--target ring")
                .hasMessageContaining("--members 5");
    }
}
