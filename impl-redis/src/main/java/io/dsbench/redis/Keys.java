package io.dsbench.redis;

import java.nio.charset.StandardCharsets;

/**
 * Builds Redis keys under the run's key prefix: {@code <prefix>/<area>/<namespace>/.../<name>}. Namespaces and
 * other middle components are escaped ({@code %} -> {@code %25}, {@code /} -> {@code %2F}) so that no two
 * (namespace, name) pairs map to the same key; the last component is used as given. Immutable.
 */
final class Keys {
    private final String prefix;

    Keys(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    /** {@code <prefix>/<area>/<esc(part0)>/<esc(part1)>/...}, ending with a slash when {@code open}. */
    String path(String area, String... parts) {
        StringBuilder b = new StringBuilder(prefix).append('/').append(area);
        for (String p : parts) {
            b.append('/').append(escape(p));
        }
        return b.toString();
    }

    static String escape(String s) {
        if (s.indexOf('/') < 0 && s.indexOf('%') < 0) {
            return s;
        }
        return s.replace("%", "%25").replace("/", "%2F");
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static byte[] num(long n) {
        return bytes(Long.toString(n));
    }

    /** Milliseconds for PX/PEXPIRE, rounded up (Redis counts whole milliseconds), at least 1. */
    static long millisCeil(java.time.Duration d) {
        long ms = d.toMillis();
        if (d.minusMillis(ms).isZero()) {
            return Math.max(1, ms);
        }
        return ms + 1;
    }
}
