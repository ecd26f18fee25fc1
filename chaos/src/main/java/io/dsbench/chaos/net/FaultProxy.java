package io.dsbench.chaos.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fault-injecting TCP proxy on loopback between the workload's clients and one server: it forwards bytes both
 * ways and can, while running, delay every chunk (latency + uniform jitter), simulate packet loss as TCP sees it
 * (a chunk held for a retransmission time-out; bytes are never dropped from a stream, which would corrupt it), or
 * cut the link (open connections severed, new ones accepted and closed at once). {@code tc netem} is not available
 * on the machines this runs on, so this is how {@code packet} and the proxy {@code partition} are done.
 *
 * <p>Counters ({@link #bytesToServer()}, {@link #refused()}, ...) are the evidence that a fault took effect.
 * Thread-safe. One daemon thread accepts; two per connection copy.
 */
public final class FaultProxy implements AutoCloseable {
    /** How long a "lost" chunk is held: Linux's minimum TCP retransmission time-out. */
    public static final long RETRANSMIT_MS = 200;

    private final String name;
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesToServer = new AtomicLong();
    private final AtomicLong bytesToClient = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong delayedChunks = new AtomicLong();
    private final AtomicLong delayNanos = new AtomicLong();
    private final AtomicLong lostChunks = new AtomicLong();
    private final Random random;
    private volatile boolean cut;
    private volatile long latencyMs;
    private volatile long jitterMs;
    private volatile double loss;
    private volatile boolean closed;

    /**
     * Starts a proxy on a free loopback port forwarding to {@code host:port}.
     *
     * @param seed seeds the jitter and loss draws
     */
    public FaultProxy(String name, String host, int port, long seed) throws IOException {
        this(name, 0, host, port, seed);
    }

    /** A proxy listening on loopback port {@code listenPort} (0: any free port). */
    public FaultProxy(String name, int listenPort, String host, int port, long seed) throws IOException {
        this.name = name;
        this.target = new InetSocketAddress(host, port);
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), 128);
        this.random = new Random(seed);
        Thread t = new Thread(this::acceptLoop, "dsbench-proxy-" + name);
        t.setDaemon(true);
        t.start();
    }

    /** The name given at creation (the member it fronts). */
    public String name() {
        return name;
    }

    /** The local port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:port} of the proxy. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Cuts the link (true): every open connection is closed and new ones are closed on accept; false heals it. */
    public void cut(boolean on) {
        cut = on;
        if (on) {
            for (Socket s : open) {
                closeQuietly(s);
            }
        }
    }

    /** Whether the link is cut. */
    public boolean isCut() {
        return cut;
    }

    /**
     * Packet faults on every chunk in both directions: {@code latencyMs} plus a uniform draw in
     * {@code [0, jitterMs]}, and with probability {@code loss} an extra {@link #RETRANSMIT_MS}. All zero heals.
     */
    public void packet(long latencyMs, long jitterMs, double loss) {
        if (latencyMs < 0 || jitterMs < 0 || loss < 0 || loss > 1) {
            throw new IllegalArgumentException("packet: latency = " + latencyMs + " ms, jitter = " + jitterMs
                    + " ms, loss = " + loss + " (legal: latency, jitter >= 0; 0 <= loss <= 1)");
        }
        this.latencyMs = latencyMs;
        this.jitterMs = jitterMs;
        this.loss = loss;
    }

    public long bytesToServer() {
        return bytesToServer.get();
    }

    public long bytesToClient() {
        return bytesToClient.get();
    }

    public long accepted() {
        return accepted.get();
    }

    /** Connections accepted and closed at once because the link was cut. */
    public long refused() {
        return refused.get();
    }

    /** Chunks that were held by a latency or loss fault. */
    public long delayedChunks() {
        return delayedChunks.get();
    }

    /** Total time chunks were held, in nanoseconds. */
    public long delayNanos() {
        return delayNanos.get();
    }

    /** Chunks held for a simulated retransmission. */
    public long lostChunks() {
        return lostChunks.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (cut) {
                refused.incrementAndGet();
                closeQuietly(client);
                continue;
            }
            accepted.incrementAndGet();
            Socket upstream = new Socket();
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                upstream.connect(target, 2000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            open.add(client);
            open.add(upstream);
            start(client, upstream, bytesToServer);
            start(upstream, client, bytesToClient);
        }
    }

    private void start(Socket from, Socket to, AtomicLong counter) {
        Thread t = new Thread(() -> copy(from, to, counter), "dsbench-proxy-" + name + "-copy");
        t.setDaemon(true);
        t.start();
    }

    private void copy(Socket from, Socket to, AtomicLong counter) {
        byte[] buf = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (cut) {
                    break;
                }
                hold();
                if (cut) {
                    break;
                }
                out.write(buf, 0, n);
                out.flush();
                counter.addAndGet(n);
            }
        } catch (IOException e) {
            // a closed socket ends the copy
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private void hold() {
        long lat = latencyMs;
        long jit = jitterMs;
        double l = loss;
        if (lat == 0 && jit == 0 && l == 0) {
            return;
        }
        long ms = lat;
        boolean lost;
        synchronized (random) {
            if (jit > 0) {
                ms += (long) (random.nextDouble() * (jit + 1));
            }
            lost = l > 0 && random.nextDouble() < l;
        }
        if (lost) {
            ms += RETRANSMIT_MS;
            lostChunks.incrementAndGet();
        }
        if (ms <= 0) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            Thread.sleep(ms); // the fault itself: a chunk in flight for ms
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delayedChunks.incrementAndGet();
        delayNanos.addAndGet(System.nanoTime() - t0);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    @Override
    public String toString() {
        return "proxy " + name + " " + address() + " -> " + target.getHostString() + ":" + target.getPort();
    }
}
