package io.dsbench.redis;

import io.dsbench.spec.registry.ServiceInstance;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes a service instance's host, port and metadata as bytes (length-prefixed UTF-8, metadata sorted by
 * key), so that equal instances have equal encodings and the registry scripts can tell an update from a
 * refresh by comparing bytes. Stateless.
 */
final class InstanceCodec {
    private static final int FORMAT = 1;

    private InstanceCodec() {
    }

    static byte[] encode(ServiceInstance i) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            string(out, i.host());
            out.writeInt(i.port());
            Map<String, String> sorted = new TreeMap<>(i.metadata());
            out.writeInt(sorted.size());
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                string(out, e.getKey());
                string(out, e.getValue());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServiceInstance decode(String service, String id, byte[] b) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
            int format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("registry entry " + service + "/" + id + " has unknown format " + format);
            }
            String host = string(in);
            int port = in.readInt();
            int n = in.readInt();
            Map<String, String> meta = new TreeMap<>();
            for (int k = 0; k < n; k++) {
                meta.put(string(in), string(in));
            }
            return new ServiceInstance(service, id, host, port, meta);
        } catch (IOException e) {
            throw new IllegalStateException("registry entry " + service + "/" + id + " is corrupt: " + e.getMessage(), e);
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("bad string length " + n);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
