package io.dsbench.lin.consistency;

import io.dsbench.lin.SharedData;
import io.dsbench.lin.checker.FailMode;
import io.dsbench.lin.checker.LinearizabilityChecker;
import io.dsbench.lin.checker.Operations;
import io.dsbench.lin.checker.Verdict;
import io.dsbench.lin.cli.CheckRunner;
import io.dsbench.lin.format.HistoryFormats;
import io.dsbench.lin.history.History;
import io.dsbench.lin.history.Op;
import io.dsbench.lin.history.OpType;
import io.dsbench.lin.model.VersionedKvModel;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ladder's implications as properties: a linearizable history is sequentially consistent and satisfies every
 * session guarantee, with no read behind. On the known Knossos/Porcupine histories (sequential consistency; they are
 * not versioned key-value histories) and on generated linearizable versioned key-value histories (all rungs).
 */
class LinearizableImpliesWeakerTest {

    @Test
    void knownLinearizableHistoriesAreSequential() throws Exception {
        Path dir = SharedData.histories();
        int decided = 0;
        int rows = 0;
        List<String> lines = Files.readAllLines(dir.resolve("MANIFEST.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split("\t");
            if (c.length < 6 || !c[4].equals("linearizable") || Integer.parseInt(c[5]) > 2000) {
                continue;
            }
            rows++;
            Path file = dir.resolve(c[0]).resolve(c[1]);
            List<String> args = new ArrayList<>();
            if (c[2].startsWith("cas-register (init 0")) {
                args.addAll(List.of("--model", "cas-register", "--initial-value", "0"));
            } else if (c[2].startsWith("multi-register")) {
                args.addAll(List.of("--model", "multi-register", "--initial-value", "{:x 0 :y 0}"));
            } else if (c[2].startsWith("mutex")) {
                args.addAll(List.of("--model", "mutex"));
            }
            CheckRunner.Settings s = CheckRunner.settingsFor(file, args);
            History h = HistoryFormats.read(file, s.format());
            // a configuration budget, no time limit: the outcome does not depend on the machine's load
            ModelCheck sc = new SequentialChecker(200_000, null)
                    .check(Operations.of(h, s.model(), s.failMode()), s.model());
            assertThat(sc.status()).as("%s: %s", file, sc.detail()).isNotEqualTo(ModelCheck.Status.VIOLATED);
            if (sc.status() == ModelCheck.Status.HOLDS) {
                decided++;
            }
        }
        assertThat(rows).as("linearizable rows of MANIFEST.tsv").isGreaterThan(50);
        // the search tries the earliest-invoked candidate first: on linearizable histories it rarely backtracks
        System.out.println("[dsbench] sequential consistency decided for " + decided + " of " + rows
                + " linearizable Knossos/Porcupine histories (the rest: budget of 200,000 configurations)");
        assertThat(decided).as("decided sequential of %d", rows).isGreaterThanOrEqualTo(rows * 9 / 10);
    }

    @Test
    void generatedLinearizableKvHistoriesSatisfyEveryRung() {
        SplittableRandom seeds = new SplittableRandom(20261201);
        for (int i = 0; i < 80; i++) {
            long seed = seeds.nextLong();
            History h = generate(new SplittableRandom(seed), 4, 60);
            assertThat(new LinearizabilityChecker().check(h, new VersionedKvModel(), FailMode.DROP).verdict())
                    .as("generator sanity, seed %d", seed).isEqualTo(Verdict.LINEARIZABLE);
            ConsistencyLadder.Ladder l = ConsistencyLadder.defaults().of(h, new VersionedKvModel(), FailMode.DROP);
            assertThat(l.firstMissed()).as("seed %d:\n%s", seed, l.describe()).isNull();
            assertThat(l.get(ConsistencyModel.SEQUENTIAL).detail()).as("seed %d", seed).contains("order was found");
            assertThat(l.staleness().staleReads()).as("seed %d", seed).isZero();
        }
    }

    /**
     * A linearizable history by construction: an atomic store (versions from one counter, as the Redis backend
     * assigns them) applies each pending call at a random moment between its invocation and its completion; some
     * mutations end :info (applied or not) and their process continues under a new id.
     */
    static History generate(SplittableRandom rnd, int clients, int calls) {
        List<Op> ops = new ArrayList<>();
        Map<String, Object[]> store = new HashMap<>(); // key -> {value, version}
        long[] counter = {0};
        int[] proc = new int[clients];
        for (int c = 0; c < clients; c++) {
            proc[c] = c;
        }
        int nextProc = clients;
        String[] f = new String[clients];
        String[] key = new String[clients];
        Object[] in = new Object[clients];
        Object[] result = new Object[clients];
        boolean[] applied = new boolean[clients];
        int started = 0;
        while (true) {
            int c = rnd.nextInt(clients);
            if (f[c] == null) {
                if (started == calls) {
                    boolean idle = true;
                    for (String x : f) {
                        idle &= x == null;
                    }
                    if (idle) {
                        break;
                    }
                    continue;
                }
                started++;
                key[c] = rnd.nextBoolean() ? "a" : "b";
                int r = rnd.nextInt(10);
                f[c] = r < 4 ? "get" : r < 7 ? "put" : r < 9 ? "cas" : "delete";
                Object[] cur = store.get(key[c]);
                in[c] = switch (f[c]) {
                    case "put" -> "v" + started;
                    case "cas" -> List.of(cur == null || rnd.nextInt(3) == 0 ? 0L : (Long) cur[1], "c" + started);
                    default -> null;
                };
                applied[c] = false;
                ops.add(new Op(ops.size(), ops.size() * 100_000L, OpType.INVOKE, proc[c], f[c], in[c], key[c], null));
            } else if (!applied[c] && !f[c].equals("get") && rnd.nextInt(20) == 0) {
                // times out before it took effect, and never does
                ops.add(new Op(ops.size(), ops.size() * 100_000L, OpType.INFO, proc[c], f[c], null, key[c], "timed-out"));
                proc[c] = nextProc++;
                f[c] = null;
            } else if (!applied[c]) {
                Object[] cur = store.get(key[c]);
                switch (f[c]) {
                    case "get" -> result[c] = cur == null ? null : List.of(cur[0], cur[1]);
                    case "put" -> {
                        store.put(key[c], new Object[] {in[c], ++counter[0]});
                        result[c] = counter[0];
                    }
                    case "cas" -> {
                        long expected = (Long) ((List<?>) in[c]).get(0);
                        long now = cur == null ? 0L : (Long) cur[1];
                        if (now == expected) {
                            store.put(key[c], new Object[] {((List<?>) in[c]).get(1), ++counter[0]});
                            result[c] = List.of(true, counter[0]);
                        } else {
                            result[c] = List.of(false, now);
                        }
                    }
                    default -> result[c] = store.remove(key[c]) != null;
                }
                applied[c] = true;
            } else {
                boolean info = !f[c].equals("get") && rnd.nextInt(12) == 0;
                ops.add(new Op(ops.size(), ops.size() * 100_000L, info ? OpType.INFO : OpType.OK, proc[c], f[c],
                        info ? null : result[c], key[c], info ? "timed-out" : null));
                if (info) {
                    proc[c] = nextProc++;
                }
                f[c] = null;
            }
        }
        return History.of(ops);
    }
}
