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

    final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    /** Everything the last {@link #exec} printed (stdout and stderr). */
    String output() {
        return buf.toString(StandardCharsets.UTF_8);
    }

    int exec(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        buf.reset();
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

    // ---- issue 11 item 5: hostile and wrong files are exit-2 one-liners, never "linearizable, 0 ops"

    @Test
    void emptyFile_isAnError_notLinearizable() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.edn"), "");
        assertThat(exec(empty.toString())).isEqualTo(2);
        assertThat(output()).startsWith("dsbench: ").contains(empty.toString()).contains("no operations found")
                .contains("empty").doesNotContain("linearizable");
        Path blank = Files.writeString(dir.resolve("blank.edn"), "\n  ; only a comment\n");
        assertThat(exec(blank.toString())).isEqualTo(2);
        assertThat(output()).contains("no operations found");
    }

    @Test
    void wrongFormat_noOperations_isAnError_namingTheFormatAndALine() throws Exception {
        Path readme = Files.writeString(dir.resolve("README.md"), "# dsbench\n\nSome text.\n");
        assertThat(exec("--format", "jepsen-log", readme.toString())).isEqualTo(2);
        assertThat(output()).startsWith("dsbench: ").contains(readme.toString())
                .contains("no operations found as jepsen-log").contains("line 1").contains("# dsbench");
        Path edn = Files.writeString(dir.resolve("h.edn"), GOOD);
        assertThat(exec("--format", "jepsen-log", edn.toString())).isEqualTo(2);
        assertThat(output()).contains("no operations found as jepsen-log").contains("line 1");
    }

    @Test
    void deeplyNestedEdn_isAClearError_notAStackOverflow() throws Exception {
        Path deep = Files.writeString(dir.resolve("deep.edn"), "\n" + "[".repeat(5000) + "]".repeat(5000));
        assertThat(exec(deep.toString())).isEqualTo(2);
        assertThat(output()).startsWith("dsbench: ").contains(deep + ":2").contains("nested deeper than")
                .doesNotContain("StackOverflow").hasLineCount(1);
    }

    @Test
    void binaryInput_namesTheFirstBadByte() throws Exception {
        byte[] bytes = "[{:process 0 :type :invoke".getBytes(StandardCharsets.UTF_8);
        byte[] bin = java.util.Arrays.copyOf(bytes, bytes.length + 3);
        bin[bytes.length] = (byte) 0xff;
        Path p = Files.write(dir.resolve("bin.edn"), bin);
        assertThat(exec(p.toString())).isEqualTo(2);
        assertThat(output()).isEqualTo("dsbench: " + p + ": not UTF-8 at byte " + bytes.length + "\n");
    }

    @Test
    void missingFile_saysNoSuchFile() {
        Path p = dir.resolve("nope.edn");
        assertThat(exec(p.toString())).isEqualTo(2);
        assertThat(output()).isEqualTo("dsbench: " + p + ": no such file\n");
    }

    @Test
    void utf8Bom_isSkipped() throws Exception {
        Path p = Files.writeString(dir.resolve("bom.edn"), "\uFEFF" + GOOD);
        assertThat(exec(p.toString())).as(output()).isEqualTo(0);
        Path bad = Files.writeString(dir.resolve("bombad.edn"), "\uFEFF" + BAD);
        assertThat(exec(bad.toString())).as(output()).isEqualTo(1);
    }

    @Test
    void errors_arePrefixedDsbench() throws Exception {
        Path good = Files.writeString(dir.resolve("good.edn"), GOOD);
        assertThat(exec("--time-limit", "-1", good.toString())).isEqualTo(2);
        assertThat(output()).startsWith("dsbench: ");
        assertThat(exec("--model", "nope", good.toString())).isEqualTo(2);
        assertThat(output()).startsWith("dsbench: ");
        Path broken = Files.writeString(dir.resolve("broken.edn"), "[{:process 0");
        assertThat(exec(broken.toString())).isEqualTo(2);
        assertThat(output()).as("the file is named once, with its line").startsWith("dsbench: " + broken + ":1: ");
    }
}
