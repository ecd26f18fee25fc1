package io.dsbench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.chaos.net.FaultProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault proxy forwards, cuts (and counts that nothing reached the server) and delays. */
class FaultProxyTest {
    private ServerSocket echo;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread c = new Thread(() -> {
                        try (s) {
                            InputStream in = s.getInputStream();
                            OutputStream out = s.getOutputStream();
                            int b;
                            while ((b = in.read()) >= 0) {
                                out.write(b);
                                out.flush();
                            }
                        } catch (IOException ignored) {
                            // client went away
                        }
                    });
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        proxy = new FaultProxy("echo", "127.0.0.1", echo.getLocalPort(), 1);
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private static int roundTrip(Socket s, int b) throws IOException {
        s.getOutputStream().write(b);
        s.getOutputStream().flush();
        return s.getInputStream().read();
    }

    @Test
    void forwardsBothWaysAndCounts() throws IOException {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            assertThat(roundTrip(s, 7)).isEqualTo(7);
        }
        // the proxy counts a chunk after writing it on, so the client can read the echo before the count moves
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(() -> {
                    assertThat(proxy.bytesToServer()).isEqualTo(1);
                    assertThat(proxy.bytesToClient()).isEqualTo(1);
                });
    }

    @Test
    void cutSeversOpenConnectionsRefusesNewOnesAndNothingReachesTheServer() throws IOException {
        Socket open = new Socket("127.0.0.1", proxy.port());
        assertThat(roundTrip(open, 1)).isEqualTo(1);
        long before = proxy.bytesToServer();
        proxy.cut(true);
        open.setSoTimeout(2000);
        int r;
        try {
            r = roundTrip(open, 2);
        } catch (IOException e) {
            r = -1;
        }
        assertThat(r).as("a severed connection reads end of stream or fails").isEqualTo(-1);
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(2000);
            int n;
            try {
                n = roundTrip(s, 3);
            } catch (SocketTimeoutException e) {
                n = -2;
            } catch (IOException e) {
                n = -1;
            }
            assertThat(n).isEqualTo(-1);
        }
        assertThat(proxy.bytesToServer()).isEqualTo(before);
        assertThat(proxy.refused()).isGreaterThanOrEqualTo(1);
        proxy.cut(false);
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            assertThat(roundTrip(s, 4)).isEqualTo(4);
        }
        open.close();
    }

    @Test
    void latencyHoldsEveryChunk() throws IOException {
        proxy.packet(100, 0, 0);
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            long t = System.nanoTime();
            assertThat(roundTrip(s, 9)).isEqualTo(9);
            long ms = (System.nanoTime() - t) / 1_000_000;
            assertThat(ms).as("one chunk each way, 100 ms each").isGreaterThanOrEqualTo(200);
        }
        assertThat(proxy.delayedChunks()).isEqualTo(2);
        assertThat(proxy.delayNanos() / 2 / 1_000_000).isGreaterThanOrEqualTo(100);
    }
}
