package io.dsbench.redis.launcher;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking RESP2 client for administering the servers the launcher starts (PING, INFO, SENTINEL
 * queries, CONFIG): no pooling, no pipelining, one command per connection. It exists so that starting and
 * probing servers never depends on the Lettuce client whose behaviour the suite measures.
 *
 * <p>Replies map to Java as: simple string and bulk string -> {@link String} (UTF-8), integer -> {@link Long},
 * null bulk/array -> {@code null}, array -> {@link List}, error -> {@link ErrorReply} (returned, not thrown).
 * Thread-safe (stateless). I/O failures are {@link IOException}s naming {@code host:port}.
 */
public final class RespClient {
    private RespClient() {
    }

    /** An error reply such as {@code -NOAUTH Authentication required.}. */
    public record ErrorReply(String message) {
        @Override
        public String toString() {
            return "-" + message;
        }
    }

    /**
     * Sends one command and returns its reply.
     *
     * @param timeout bounds connect and each read
     */
    public static Object command(String host, int port, Duration timeout, String... args) throws IOException {
        return commandAuth(host, port, timeout, null, args);
    }

    /** Like {@link #command(String, int, Duration, String...)}, authenticating with AUTH first when {@code password} is set. */
    public static Object commandAuth(String host, int port, Duration timeout, String password, String... args)
            throws IOException {
        int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), ms);
            s.setSoTimeout(ms);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            if (password != null) {
                write(out, "AUTH", password);
                Object auth = read(in);
                if (auth instanceof ErrorReply e) {
                    return e;
                }
            }
            write(out, args);
            return read(in);
        } catch (IOException e) {
            throw new IOException(host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static void write(OutputStream out, String... args) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            buf.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buf.writeBytes(b);
            buf.writeBytes(new byte[] {'\r', '\n'});
        }
        out.write(buf.toByteArray());
        out.flush();
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed before a reply");
        }
        String line = readLine(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                return new ErrorReply(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(len);
                if (b.length < len) {
                    throw new EOFException("connection closed inside a bulk reply");
                }
                readLine(in);
                return new String(b, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read(in));
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type byte '" + (char) type + "'");
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed inside a reply line");
            }
            if (prev == '\r' && c == '\n') {
                byte[] bytes = b.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            b.write(c);
            prev = c;
        }
    }

    /** Parses an {@code INFO} reply into {@code field -> value} (sections and comments dropped). */
    public static java.util.Map<String, String> parseInfo(Object reply) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        if (reply instanceof String s) {
            for (String line : s.split("\r?\n")) {
                int i = line.indexOf(':');
                if (i > 0 && !line.startsWith("#")) {
                    m.put(line.substring(0, i), line.substring(i + 1).trim());
                }
            }
        }
        return m;
    }
}
