package io.dsbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsbench.etcd.EtcdCluster;
import io.dsbench.redis.launcher.RedisDeployment;
import io.dsbench.redis.launcher.RedisLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's promise under faults (issue 11 items 1 and 2), on real servers and a real {@code dsbench} JVM:
 * a run ends within its stated bound after its server dies, names the endpoint and keeps every result it had;
 * Ctrl-C keeps finished work and leaves no process, temp dir or secret behind; a killed JVM takes its servers
 * and temp dirs with it. Times are printed as {@code [measured] ...} lines.
 */
class RunFaultsIT {
    /** Generous bounds for a busy 2-core machine; the measured times are printed. */
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration GIVE_UP = Duration.ofSeconds(45);

    @Test
    void deadRedis_theRunGivesUpSoon_namesTheEndpoint_andKeepsWhatPassed(@TempDir Path tmp) throws Exception {
        try (RedisDeployment redis = RedisLauncher.standalone()) {
            deadServer(tmp, "redis", redis.primary().uri(), redis.primary().address(), () -> redis.primary().kill());
        }
    }

    @Test
    void deadEtcd_theRunGivesUpSoon_namesTheEndpoint_andKeepsWhatPassed(@TempDir Path tmp) throws Exception {
        try (EtcdCluster etcd = EtcdCluster.start(1)) {
            String url = etcd.member(0).clientUrl();
            deadServer(tmp, "etcd", url, url.replace("http://", ""), () -> etcd.member(0).kill());
        }
    }

    private void deadServer(Path tmp, String backend, String endpoint, String address, Runnable kill) throws Exception {
        Path out = tmp.resolve("results");
        try (CliProcess run = CliProcess.start(tmp, Map.of(), "run", "-b", backend, "--endpoint", endpoint,
                "--operation-timeout", "1", "--groups", "CACHE,KV,LOCK,IDEM,REG,LIN", "--out", out.toString())) {
            String first = run.awaitLine(l -> l.startsWith("[" + backend + "] ") && l.contains(" passed "), START);
            long t0 = System.nanoTime();
            kill.run();
            int code = run.awaitExit(GIVE_UP);
            double gaveUp = (System.nanoTime() - t0) / 1e9;
            System.out.printf("[measured] dead %s (--operation-timeout 1): the run ended %.1f s after kill -9%n",
                    backend, gaveUp);
            assertThat(code).as(run.output()).isEqualTo(1);
            assertThat(run.output()).contains("backend " + backend + " is unreachable").contains(address)
                    .contains("the remaining rules are not run");
            int passedBefore = Integer.parseInt(first.replaceAll(".*?(\\d+) passed.*", "$1"));
            Path dir = out.resolve("latest");
            List<String> rules = Files.readAllLines(dir.resolve("rules.jsonl"));
            long passed = rules.stream().filter(l -> l.contains("\"outcome\":\"passed\"")).count();
            assertThat(passed).as("every rule that passed before the kill is kept").isGreaterThanOrEqualTo(passedBefore);
            JsonNode summary = ResultsWriter.JSON.readTree(dir.resolve("conformance.json").toFile());
            assertThat(summary.get("results").size()).isEqualTo(rules.size());
            // the core checks run first as backend "core"; the dead server's backend is the one with errors
            JsonNode dead = null;
            for (JsonNode b : summary.get("backends")) {
                dead = b.get("name").asText().equals(backend) ? b : dead;
            }
            assertThat(dead).as("backend %s in %s", backend, summary.get("backends")).isNotNull();
            assertThat(dead.get("errors").asInt()).isPositive();
        }
    }

    @Test
    void ctrlC_keepsFinishedWork_andLeavesNoProcessTempDirOrSecret(@TempDir Path tmp) throws Exception {
        String secret = "s3cr3t-XYZ";
        Path out = tmp.resolve("results");
        try (CliProcess run = CliProcess.start(tmp, Map.of("DSBENCH_REDIS_PASSWORD", secret), "run",
                "--backends", "redis,etcd", "--groups", "KV,LOCK", "--out", out.toString())) {
            // redis has finished (both groups), etcd is running
            run.awaitLine(l -> l.startsWith("[etcd] ") && l.contains(" passed "), START);
            List<ProcessHandle> servers = run.descendants();
            assertThat(servers).as("managed redis-server and etcd run under the JVM").isNotEmpty();
            assertThat(CliProcess.entries(tmp, "dsbench-")).as("their temp dirs").isNotEmpty();
            assertThat(filesContaining(tmp, secret)).as("no file holds the password while the servers run").isEmpty();
            run.signal("INT");
            int code = run.awaitExit(GIVE_UP);
            assertThat(code).as(run.output()).isEqualTo(130);
            assertThat(run.output()).contains("dsbench: interrupted; kept").contains("rules.jsonl")
                    .contains("\"complete\": false");
            Path dir = out.resolve("latest");
            JsonNode partial = ResultsWriter.JSON.readTree(dir.resolve("conformance.json").toFile());
            assertThat(partial.get("complete").asBoolean()).isFalse();
            long redisPassed = 0;
            for (JsonNode r : partial.get("results")) {
                if (r.get("backend").asText().equals("redis") && r.get("outcome").asText().equals("passed")) {
                    redisPassed++;
                }
            }
            assertThat(redisPassed).as("redis's finished results are kept").isGreaterThanOrEqualTo(20);
            assertThat(Files.readAllLines(dir.resolve("rules.jsonl")).size())
                    .isGreaterThanOrEqualTo(partial.get("results").size());
            // what did not run is named: etcd was interrupted, so some of its KV/LOCK rules are missing
            JsonNode notRun = partial.path("not_run");
            assertThat(notRun.isArray() && !notRun.isEmpty()).as("not_run in %s", partial).isTrue();
            long etcdFinished = 0;
            for (JsonNode r : partial.get("results")) {
                etcdFinished += r.get("backend").asText().equals("etcd") ? 1 : 0;
            }
            JsonNode etcdNotRun = null;
            for (JsonNode n : notRun) {
                etcdNotRun = n.get("backend").asText().equals("etcd") ? n : etcdNotRun;
                assertThat(n.get("backend").asText()).as("redis finished before the interrupt").isNotEqualTo("redis");
            }
            assertThat(etcdNotRun).as("etcd in %s", notRun).isNotNull();
            assertThat(etcdNotRun.get("rules").size()).isPositive();
            // the report of the partial run is written by the shutdown hook, and it says what did not run
            assertThat(run.output()).contains("Report: ");
            Path index = dir.resolve("index.html");
            assertThat(index).exists();
            String html = Files.readString(index);
            assertThat(html).contains("interrupted").contains(etcdNotRun.get("rules").get(0).get("rule").asText())
                    .contains(etcdNotRun.get("rules").size() + " rules did not run");
            JsonNode runJson = ResultsWriter.JSON.readTree(dir.resolve("run.json").toFile());
            assertThat(runJson.get("commands").get(0).get("exit_code").asInt()).isEqualTo(130);
            assertThat(etcdFinished + etcdNotRun.get("rules").size()).as("etcd's rules: finished + not run")
                    .isEqualTo(redisRules(partial));
            awaitGone(servers, Duration.ofSeconds(15));
            assertThat(CliProcess.entries(tmp, "dsbench-")).as("temp dirs deleted by the shutdown hook").isEmpty();
            assertThat(filesContaining(tmp, secret)).isEmpty();
        }
    }

    @Test
    void killedJvm_takesItsServersAndTempDirsWithIt(@TempDir Path tmp) throws Exception {
        try (CliProcess run = CliProcess.start(tmp, Map.of(), "run", "--backends", "redis,etcd", "--groups", "KV",
                "--out", tmp.resolve("results").toString())) {
            run.awaitLine(l -> l.startsWith("[redis] redis "), START); // both backends are open, redis's rules start
            List<ProcessHandle> servers = run.descendants();
            // redis-server, etcd and the watchdog (redis-server renames its process, so only etcd is named here)
            assertThat(servers.size()).as(servers.toString()).isGreaterThanOrEqualTo(3);
            assertThat(servers.stream().map(p -> p.info().command().orElse("")).toList())
                    .anyMatch(c -> c.endsWith("etcd"));
            assertThat(CliProcess.entries(tmp, "dsbench-")).hasSize(2);
            run.signal("KILL");
            long t0 = System.nanoTime();
            awaitGone(servers, Duration.ofSeconds(20));
            System.out.printf("[measured] SIGKILL of the JVM: its servers were gone %.1f s later%n",
                    (System.nanoTime() - t0) / 1e9);
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!CliProcess.entries(tmp, "dsbench-").isEmpty() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(CliProcess.entries(tmp, "dsbench-")).as("the watchdog deleted the temp dirs").isEmpty();
        }
    }

    /** How many rules redis (which finished) ran: the rules etcd would have run too. */
    private static long redisRules(JsonNode partial) {
        long n = 0;
        for (JsonNode r : partial.get("results")) {
            n += r.get("backend").asText().equals("redis") ? 1 : 0;
        }
        return n;
    }

    private static void awaitGone(List<ProcessHandle> processes, Duration max) throws InterruptedException {
        long until = System.nanoTime() + max.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(processes.stream().filter(ProcessHandle::isAlive).map(p -> p.pid() + " "
                + p.info().command().orElse("?")).toList()).as("still running after " + max).isEmpty();
    }

    private static List<Path> filesContaining(Path root, String secret) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                try {
                    return Files.size(p) < 50_000_000 && new String(Files.readAllBytes(p),
                            java.nio.charset.StandardCharsets.ISO_8859_1).contains(secret);
                } catch (java.io.IOException e) {
                    return false; // deleted meanwhile
                }
            }).toList();
        }
    }
}
