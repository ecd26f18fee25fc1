package io.dsbench.lin.consistency;

import io.dsbench.lin.cli.CheckRunner;
import io.dsbench.lin.cli.ConsistencyRunner;
import io.dsbench.lin.format.HistoryFormats;
import io.dsbench.lin.history.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dsbench check --consistency}: verdicts, exit codes and bad input. */
class ConsistencyRunnerTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String what, Path file, String... extra) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(extra));
        args.add(file.toString());
        int code = ConsistencyRunner.run(what, CheckRunner.Options.parse(args), new PrintStream(o, true,
                StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    private Path write(String name, History h) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, HistoryFormats.toEdn(h));
        return f;
    }

    @Test
    void verdictsAndExitCodes() throws Exception {
        // p0 misses its own write: not sequential, not read-your-writes; monotonic reads hold
        Path f = write("ryw.edn", new Hist().put(1, "a", "old", 1).put(0, "a", "mine", 2).get(0, "a", "old", 1)
                .build());
        Run ryw = run("read-your-writes", f);
        assertThat(ryw.code).isEqualTo(1);
        assertThat(ryw.out).contains("read-your-writes: VIOLATED (1)").contains("then read it at version 1");
        assertThat(run("monotonic-reads", f).code).isZero();
        assertThat(run("sequential", f).code).isEqualTo(1);
        Run ladder = run("ladder", f);
        assertThat(ladder.code).isEqualTo(1);
        assertThat(ladder.out).contains("strongest: monotonic-reads+monotonic-writes+writes-follow-reads");
        Run st = run("staleness", f, "--json");
        assertThat(st.code).isZero();
        assertThat(st.out).contains("\"max_versions_behind\":1");
    }

    @Test
    void badInputIsExit2NamingFileLineAndWhat() throws Exception {
        Path f = write("bad.edn", new Hist().put(0, "a", "x", 1).invoke(1, "get", "a", null).ok(1, "get", "a", "x")
                .build());
        Run r = run("monotonic-reads", f);
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains(f.toString() + ", line 4: op 3").contains("must have [value version]");
        Path reg = dir.resolve("register.edn");
        Files.writeString(reg, "{:process 0, :type :invoke, :f :write, :value 1}\n{:process 0, :type :ok, :f :write, "
                + ":value 1}\n");
        Run r2 = run("read-your-writes", reg);
        assertThat(r2.code).isEqualTo(2);
        assertThat(r2.err).contains("needs a versioned key-value history");
        assertThat(run("sequential", reg).code).isZero();
        assertThat(run("causal", reg).err).contains("unknown consistency model 'causal'");
    }
}
