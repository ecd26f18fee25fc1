package io.dsbench.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Sends what rules and client libraries print (System.out, System.err, java.util.logging, slf4j-simple) to a
 * file for the duration of a kit run, so the console shows only dsbench's progress and summary while nothing
 * is lost: rules that inject faults on purpose log warnings that would otherwise look like trouble.
 * Not thread-safe: one capture at a time; {@link #close()} restores everything.
 */
final class OutputCapture implements AutoCloseable {
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final Logger root = LogManager.getLogManager().getLogger("");
    private final Handler[] originalHandlers;
    private final PrintStream file;
    private final StreamHandler julToFile;

    private OutputCapture(Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            OutputStream os = new FileOutputStream(logFile.toFile(), true);
            file = new PrintStream(os, true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + logFile + ": " + e.getMessage(), e);
        }
        originalHandlers = root.getHandlers();
        for (Handler h : originalHandlers) {
            root.removeHandler(h);
        }
        julToFile = new StreamHandler(file, new SimpleFormatter());
        root.addHandler(julToFile);
        System.setOut(file);
        System.setErr(file);
    }

    /** Starts capturing into {@code logFile} (appended). */
    static OutputCapture to(Path logFile) {
        return new OutputCapture(logFile);
    }

    @Override
    public void close() {
        julToFile.flush();
        root.removeHandler(julToFile);
        for (Handler h : originalHandlers) {
            root.addHandler(h);
        }
        System.setOut(originalOut);
        System.setErr(originalErr);
        file.flush();
        file.close();
    }
}
