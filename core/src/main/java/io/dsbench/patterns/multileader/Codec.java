package io.dsbench.patterns.multileader;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Binary encodings of the replicated states and log entries (big-endian, length-prefixed; one format version byte). */
final class Codec {
    private Codec() {
    }

    /** Writes fields to a byte array. */
    @FunctionalInterface
    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads fields from a byte array. */
    @FunctionalInterface
    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    static byte[] encode(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static <T> T decode(String what, byte[] data, Reader<T> r) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            T t = r.read(in);
            if (in.available() != 0) {
                throw new IllegalArgumentException("malformed " + what + ": " + in.available() + " bytes left over");
            }
            return t;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
                    && iae.getMessage().startsWith("malformed")) {
                throw iae;
            }
            throw new IllegalArgumentException("malformed " + what + " (" + data.length + " bytes): " + e, e);
        }
    }

    static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    static byte[] bytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("length " + n + " exceeds the " + in.available() + " bytes left");
        }
        return in.readNBytes(n);
    }

    static void vector(DataOutputStream out, VersionVector v) throws IOException {
        out.writeInt(v.entries().size());
        for (Map.Entry<Integer, Long> e : v.entries().entrySet()) {
            out.writeInt(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    static VersionVector vector(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available() / 12) {
            throw new IOException("vector of " + n + " entries exceeds the " + in.available() + " bytes left");
        }
        TreeMap<Integer, Long> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            m.put(in.readInt(), in.readLong());
        }
        return VersionVector.of(m);
    }

    static byte[] siblings(Siblings s) {
        return encode(out -> {
            out.writeByte(1);
            out.writeInt(s.writes().size());
            for (Sibling w : s.writes()) {
                out.writeInt(w.dot().leader());
                out.writeLong(w.dot().counter());
                vector(out, w.context());
                out.writeLong(w.stamp());
                out.writeBoolean(w.deleted());
                if (!w.deleted()) {
                    bytes(out, w.value());
                }
            }
        });
    }

    static Siblings siblings(byte[] data) {
        return decode("siblings", data, in -> {
            int format = in.readByte();
            if (format != 1) {
                throw new IOException("unknown format " + format);
            }
            int n = in.readInt();
            List<Sibling> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Dot dot = new Dot(in.readInt(), in.readLong());
                VersionVector ctx = vector(in);
                long stamp = in.readLong();
                byte[] value = in.readBoolean() ? null : bytes(in);
                out.add(new Sibling(value, dot, ctx, stamp));
            }
            return Siblings.of(out);
        });
    }
}
