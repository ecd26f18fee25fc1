package io.dsbench.patterns.tpc;

import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.log.LogRecord;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The record format of the coordinator's and the participants' logs.
 *
 * <h2>Format</h2>
 * One UTF-8 text record per log entry, four fields separated by single spaces, the last two
 * URL-encoded ({@code -} = empty):
 * <pre>
 * tpc-c/1 BEGIN    &lt;txId&gt; &lt;participant ids, comma-separated&gt;     coordinator, before prepare
 * tpc-c/1 DECISION &lt;txId&gt; COMMIT | ABORT:&lt;reason&gt;               the commit point
 * tpc-c/1 END      &lt;txId&gt; -                                      every participant acknowledged
 * tpc-p/1 PREPARED &lt;txId&gt; &lt;payload, base64&gt;                      participant, before voting yes
 * tpc-p/1 COMMITTED &lt;txId&gt; -                                     after applying the changes
 * tpc-p/1 ABORTED  &lt;txId&gt; -                                      on abort (also of an unknown tx)
 * </pre>
 * Duplicated records (a retried append that had taken effect) are harmless: replay is idempotent. A DECISION
 * is only ever appended through {@link io.dsbench.spec.log.LogFence} (conditionally on no DECISION of the same
 * transaction being in the log), so each transaction has at most one decision, whoever logs it.
 *
 * @param format {@link #COORDINATOR} or {@link #PARTICIPANT}
 * @param type   the record type
 * @param txId   the transaction
 * @param detail type-specific
 */
public record TpcLog(String format, String type, String txId, String detail) {
    /** Format tag of coordinator records. */
    public static final String COORDINATOR = "tpc-c/1";
    /** Format tag of participant records. */
    public static final String PARTICIPANT = "tpc-p/1";

    /** The record as bytes. */
    public byte[] encode() {
        return (format + " " + type + " " + enc(txId) + " " + enc(detail)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Every record of {@code log}, which must all carry {@code format}.
     *
     * @throws IllegalArgumentException naming the log and record that is not in the format
     */
    public static List<TpcLog> read(DurableLog log, String format) {
        List<TpcLog> out = new ArrayList<>();
        long next = 1;
        while (true) {
            List<LogRecord> page = log.read(next, 1000);
            if (page.isEmpty()) {
                return out;
            }
            for (LogRecord r : page) {
                out.add(parse(log, r, format));
                next = r.sequence() + 1;
            }
        }
    }

    /**
     * One record of {@code log}, which must carry {@code format}.
     *
     * @throws IllegalArgumentException naming the log and record that is not in the format
     */
    public static TpcLog parse(DurableLog log, LogRecord r, String format) {
        String text = new String(r.payload(), StandardCharsets.UTF_8);
        String[] f = text.split(" ", -1);
        if (f.length != 4 || !format.equals(f[0])) {
            throw new IllegalArgumentException("log '" + log.name() + "' record " + r.sequence() + " is not a "
                    + format + " record: '" + (text.length() > 120 ? text.substring(0, 120) + "..." : text) + "'");
        }
        return new TpcLog(f[0], f[1], dec(f[2]), dec(f[3]));
    }

    private static String enc(String s) {
        String e = URLEncoder.encode(s, StandardCharsets.UTF_8);
        return e.isEmpty() ? "-" : "-".equals(e) ? "%2D" : e;
    }

    private static String dec(String s) {
        return "-".equals(s) ? "" : URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
