package io.dsbench.lin;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/data/histories (system property dsbench.shared.dir, else ../shared from the project root). */
public final class SharedData {
    private SharedData() {
    }

    /** The histories directory, or null when absent. */
    public static Path historiesOrNull() {
        String prop = System.getProperty("dsbench.shared.dir");
        Path base = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
        Path dir = base.resolve("data").resolve("histories");
        if (!Files.isDirectory(dir)) {
            Path alt = Path.of("..", "shared", "data", "histories");
            dir = Files.isDirectory(alt) ? alt : dir;
        }
        return Files.isRegularFile(dir.resolve("MANIFEST.tsv")) ? dir.normalize() : null;
    }

    /** The histories directory; skips the test ("not run") with a clear message when absent. */
    public static Path histories() {
        Path dir = historiesOrNull();
        Assumptions.assumeTrue(dir != null, "not run: shared histories not found (set -Ddsbench.shared.dir=<dir "
                + "containing data/histories/MANIFEST.tsv>, default ../shared)");
        return dir;
    }
}
