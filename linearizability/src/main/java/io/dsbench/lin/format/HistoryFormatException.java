package io.dsbench.lin.format;

/**
 * Malformed history input. The message names the file, the 1-based line and what was expected, and is meant to be
 * shown to users as is (no stack trace needed).
 */
public class HistoryFormatException extends RuntimeException {
    private final String file;
    private final int line;

    public HistoryFormatException(String file, int line, String problem) {
        super((file == null ? "<input>" : file) + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    /** The file (or a description of the input). */
    public String file() {
        return file;
    }

    /** The 1-based line of the problem. */
    public int line() {
        return line;
    }
}
