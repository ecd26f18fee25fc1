package io.dsbench.patterns.saga;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes a saga's input map as {@code k=v&k=v}, URL-encoded, sorted by key: the saga log's input field, and every
 * field of a choreography event ({@link io.dsbench.patterns.saga.choreography.ChoreoEvent}).
 */
public final class SagaInput {
    private SagaInput() {
    }

    /** The map as {@code k=v&k=v}, keys sorted, keys and values URL-encoded (any characters). */
    public static String encode(Map<String, String> input) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(input).entrySet()) {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /**
     * The map encoded by {@link #encode}, in the encoded order.
     *
     * @throws IllegalArgumentException for an entry without {@code =}
     */
    public static Map<String, String> decode(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s.isEmpty()) {
            return out;
        }
        for (String pair : s.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("saga input entry '" + pair + "' has no '='");
            }
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
