package io.dsbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.etcd.EtcdCluster;
import io.dsbench.redis.launcher.RedisDeployment;
import io.dsbench.redis.launcher.RedisLauncher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings and leftovers (issue 11 items 3, 4, 7, 9) with a real {@code dsbench} JVM: a bad environment value is an
 * exit-2 one-liner before any rule and a flag beats it; an etcd that wants credentials fails at open; a run against
 * external servers deletes what it wrote (or keeps it with {@code --keep-data}); two calls of the script with a
 * stale jar both work.
 */
class RunSettingsIT {
    private static final Duration RUN = Duration.ofSeconds(240);

    @Test
    void badTimeoutScaleInTheEnvironment_exit2BeforeAnyRule_andTheFlagBeatsIt(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("results");
        for (String bad : new String[] {"abc", "-1", "Infinity"}) {
            try (CliProcess run = CliProcess.start(tmp, Map.of("DSBENCH_TIMEOUT_SCALE", bad), "run", "--groups", "KV",
                    "--out", out.toString())) {
                assertThat(run.awaitExit(RUN)).as(run.output()).isEqualTo(2);
                assertThat(run.output().strip()).as(bad).startsWith("dsbench: DSBENCH_TIMEOUT_SCALE = '" + bad + "'")
                        .contains("legal range").doesNotContain("passed");
                assertThat(run.output().strip().lines().count()).isEqualTo(1);
            }
        }
        assertThat(Files.exists(out) ? CliProcess.entries(out, "2") : List.of()).as("no run directory").isEmpty();
        try (CliProcess run = CliProcess.start(tmp, Map.of("DSBENCH_TIMEOUT_SCALE", "abc"), "run", "--groups", "KV",
                "--timeout-scale", "2", "--out", out.toString())) {
            assertThat(run.awaitExit(RUN)).as(run.output()).isZero();
            assertThat(run.output()).contains("timeout scale 2.0");
        }
        try (CliProcess run = CliProcess.start(tmp, Map.of("DSBENCH_TIMEOUT_SCALE", "5"), "run", "--groups", "KV",
                "--timeout-scale", "1.5", "--out", out.toString())) {
            assertThat(run.awaitExit(RUN)).as(run.output()).isZero();
            assertThat(run.output()).as("a flag beats the environment").contains("timeout scale 1.5");
        }
    }

    @Test
    void etcdWithAuthAndNoCredentials_failsAtOpen_exit2(@TempDir Path tmp) throws Exception {
        try (EtcdCluster etcd = EtcdCluster.start(1)) {
            String url = etcd.member(0).clientUrl();
            etcdctl(url, "user", "add", "root:rootpw");
            etcdctl(url, "auth", "enable");
            try (CliProcess run = CliProcess.start(tmp, Map.of(), "run", "-b", "etcd", "--endpoint", url,
                    "--out", tmp.resolve("results").toString())) {
                assertThat(run.awaitExit(RUN)).as(run.output()).isEqualTo(2);
                String last = run.output().strip().lines().reduce((a, b) -> b).orElse("");
                assertThat(last).startsWith("dsbench: etcd: ").contains("--user etcd=NAME")
                        .contains("DSBENCH_ETCD_PASSWORD");
                assertThat(run.output()).doesNotContain("passed").doesNotContain("\tat ");
            }
            try (CliProcess run = CliProcess.start(tmp, Map.of("DSBENCH_ETCD_PASSWORD", "rootpw"), "run", "-b", "etcd",
                    "--endpoint", url, "--user", "etcd=root", "--groups", "KV", "--out",
                    tmp.resolve("results").toString())) {
                assertThat(run.awaitExit(RUN)).as("with the credentials it runs: " + run.output()).isZero();
            }
        }
    }

    @Test
    void externalServers_keepNothingOfTheRun_unlessKeepData(@TempDir Path tmp) throws Exception {
        try (RedisDeployment redis = RedisLauncher.standalone(); EtcdCluster etcd = EtcdCluster.start(1)) {
            String url = etcd.member(0).clientUrl();
            String[] args = {"run", "--backends", "redis,etcd", "--endpoint", "redis=" + redis.primary().uri(),
                "--endpoint", "etcd=" + url, "--groups", "KV,REG,IDEM,LOG",
                "--out", tmp.resolve("results").toString()};
            try (CliProcess run = CliProcess.start(tmp, Map.of(), args)) {
                assertThat(run.awaitExit(RUN)).as(run.output()).isZero();
                assertThat(run.output()).contains("[redis] deleted ").contains("[etcd] deleted ");
            }
            assertThat(redisKeys(redis)).as("redis keys left by the run").isZero();
            assertThat(etcdKeys(url)).as("etcd keys left by the run").isEmpty();

            List<String> keep = new ArrayList<>(List.of(args));
            keep.set(keep.indexOf("KV,REG,IDEM,LOG"), "KV");
            keep.add("--keep-data");
            try (CliProcess run = CliProcess.start(tmp, Map.of(), keep.toArray(new String[0]))) {
                assertThat(run.awaitExit(RUN)).as(run.output()).isZero();
                assertThat(run.output()).contains("(--keep-data)");
            }
            assertThat(redisKeys(redis)).isPositive();
            assertThat(etcdKeys(url)).isNotEmpty();
        }
    }

    @Test
    void twoCallsAtOnceWithAStaleJar_bothRun_andOnlyOneBuilds(@TempDir Path tmp) throws Exception {
        // a copy of the script in a tree with no jar (stale), and a stand-in for mvn that "builds" slowly
        Path root = Files.createDirectories(tmp.resolve("clone"));
        Files.copy(Path.of("..", "dsbench"), root.resolve("dsbench"));
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path builds = tmp.resolve("builds.txt");
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho build >> '" + builds + "'\nsleep 2\nmkdir -p cli/target\n"
                + "cp '" + CliProcess.JAR + "' cli/target/dsbench-cli.jar.part\n"
                + "mv cli/target/dsbench-cli.jar.part cli/target/dsbench-cli.jar\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<Process> calls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("dsbench").toString(), "--version")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("call" + i + ".txt").toFile());
            pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            calls.add(pb.start());
        }
        for (int i = 0; i < 2; i++) {
            assertThat(calls.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
            String text = Files.readString(tmp.resolve("call" + i + ".txt"));
            assertThat(calls.get(i).exitValue()).as(text).isZero();
            assertThat(text).contains("dsbench 0.1.0");
        }
        assertThat(Files.readAllLines(builds)).as("the second call waited for the first one's build").hasSize(1);
    }

    private static long redisKeys(RedisDeployment redis) throws Exception {
        return ((Number) redis.primary().command(Duration.ofSeconds(5), "DBSIZE")).longValue();
    }

    private static List<String> etcdKeys(String url) throws Exception {
        String out = etcdctl(url, "get", "", "--prefix", "--keys-only");
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    private static String etcdctl(String url, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("etcdctl", "--endpoints=" + url));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("etcdctl " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }
}
