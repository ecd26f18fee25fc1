package io.dsbench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Exit codes of {@code dsbench check} through picocli. */
class CheckCommandTest {

    @TempDir
    Path dir;

    static final String GOOD = "[{:process 0 :type :invoke :f :write :value 1}\n{:process 0 :type :ok :f :write :value 1}\n"
            + "{:process 1 :type :invoke :f :read :value nil}\n{:process 1 :type :ok :f :read :value 1}]";
    static final String BAD = GOOD.replace(":read :value 1}]", ":read :value 2}]");

    int exec(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
            return new CommandLine(new CheckCommand()).execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void exitCodes() throws Exception {
        Path good = Files.writeString(dir.resolve("good.edn"), GOOD);
        Path bad = Files.writeString(dir.resolve("bad.edn"), BAD);
        Path broken = Files.writeString(dir.resolve("broken.edn"), "[{:process 0");
        assertThat(exec(good.toString())).isEqualTo(0);
        assertThat(exec(good.toString(), bad.toString())).isEqualTo(1);
        assertThat(exec("--json", "--initial-value", "0", bad.toString())).isEqualTo(1);
        assertThat(exec(broken.toString())).isEqualTo(2);
        assertThat(exec("--format", "yaml", good.toString())).isEqualTo(2);
        assertThat(exec("--no-such-option", good.toString())).isEqualTo(2);
        assertThat(exec("--time-limit", "-1", good.toString())).isEqualTo(2);
    }
}
