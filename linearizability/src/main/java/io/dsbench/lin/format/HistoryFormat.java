package io.dsbench.lin.format;

import java.util.Locale;

/**
 * The history formats dsbench reads. Each has a default {@link io.dsbench.lin.checker.FailMode} (how
 * {@code :fail} completions are read) and a default model name.
 */
public enum HistoryFormat {
    /** Knossos EDN: one vector/list of op maps, or one op map per line; {@code ;} comments; maps across lines. */
    EDN("edn", io.dsbench.lin.checker.FailMode.DROP),
    /** Jepsen log lines ({@code INFO  jepsen.util - <proc> :<type> :<f> <value>}), as in Porcupine's etcd data. */
    JEPSEN_LOG("jepsen-log", io.dsbench.lin.checker.FailMode.OBSERVED),
    /** Porcupine kv lines: one EDN map per line with {@code :process :type :f :key :value}. */
    PORCUPINE_KV("porcupine-kv", io.dsbench.lin.checker.FailMode.DROP),
    /** JSON lines: one JSON object per line with the op's fields ({@code process} may be "nemesis"). */
    JSONL("jsonl", io.dsbench.lin.checker.FailMode.DROP);

    private final String cliName;
    private final io.dsbench.lin.checker.FailMode defaultFailMode;

    HistoryFormat(String cliName, io.dsbench.lin.checker.FailMode defaultFailMode) {
        this.cliName = cliName;
        this.defaultFailMode = defaultFailMode;
    }

    /** The name used on the command line. */
    public String cliName() {
        return cliName;
    }

    /** How {@code :fail} is read for this source unless overridden. */
    public io.dsbench.lin.checker.FailMode defaultFailMode() {
        return defaultFailMode;
    }

    /** Parses a command-line name. */
    public static HistoryFormat parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (HistoryFormat f : values()) {
            if (f.cliName.equals(n) || f.name().equalsIgnoreCase(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name
                + "': expected one of edn, jepsen-log, porcupine-kv, jsonl");
    }
}
