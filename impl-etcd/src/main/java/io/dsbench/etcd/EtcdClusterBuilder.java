package io.dsbench.etcd;

import io.dsbench.spec.BackendException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Settings for {@link EtcdCluster}, from {@link EtcdCluster#builder()}. Not thread-safe. */
public final class EtcdClusterBuilder {
    private int members = 1;
    private Duration heartbeat = Duration.ofMillis(50);
    private Duration election = Duration.ofMillis(250);
    private Duration startTimeout = Duration.ofSeconds(20);
    private Path binary;
    private Path tlsCert;
    private Path tlsKey;
    private Path clientCa;
    private final List<String> extraArgs = new ArrayList<>();

    EtcdClusterBuilder() {
    }

    /** 1, 3 or 5 members. */
    public EtcdClusterBuilder members(int n) {
        if (n != 1 && n != 3 && n != 5) {
            throw new IllegalArgumentException("members = " + n + " is out of range (legal values: 1, 3, 5)");
        }
        this.members = n;
        return this;
    }

    /** {@code --heartbeat-interval}; default 50 ms. */
    public EtcdClusterBuilder heartbeatInterval(Duration d) {
        this.heartbeat = io.dsbench.spec.Checks.requirePositive("heartbeatInterval", d);
        return this;
    }

    /** {@code --election-timeout}; default 250 ms; must be at least 5 x the heartbeat interval. */
    public EtcdClusterBuilder electionTimeout(Duration d) {
        this.election = io.dsbench.spec.Checks.requirePositive("electionTimeout", d);
        return this;
    }

    /** How long {@link #start()} waits for a healthy leader; default 20 s. */
    public EtcdClusterBuilder startTimeout(Duration d) {
        this.startTimeout = io.dsbench.spec.Checks.requirePositive("startTimeout", d);
        return this;
    }

    /** The etcd binary; default {@link EtcdCluster#findBinary()}. */
    public EtcdClusterBuilder binary(Path p) {
        this.binary = p;
        return this;
    }

    /**
     * Serves clients over TLS ({@code https} client URLs) with this PEM certificate and key; peers and the
     * health/metrics endpoint stay plain http on loopback.
     */
    public EtcdClusterBuilder clientTls(Path certFile, Path keyFile) {
        this.tlsCert = io.dsbench.spec.Checks.requireNonNull("certFile", certFile);
        this.tlsKey = io.dsbench.spec.Checks.requireNonNull("keyFile", keyFile);
        return this;
    }

    /**
     * With {@link #clientTls}: require client certificates signed by this PEM CA ({@code --client-cert-auth}).
     */
    public EtcdClusterBuilder clientCertAuth(Path caFile) {
        this.clientCa = io.dsbench.spec.Checks.requireNonNull("caFile", caFile);
        return this;
    }

    /** Extra command-line arguments for every member (e.g. {@code --auto-compaction-retention=1}). */
    public EtcdClusterBuilder extraArg(String arg) {
        this.extraArgs.add(arg);
        return this;
    }

    /**
     * Starts the members and waits for a healthy leader. Retries once with new ports if a port was taken
     * in the meantime.
     *
     * @throws BackendException (UNAVAILABLE or TIMEOUT) with the log tails if the cluster does not come up
     */
    public EtcdCluster start() {
        if (clientCa != null && tlsCert == null) {
            throw new IllegalArgumentException("clientCertAuth needs clientTls (client certificates need https)");
        }
        if (election.toMillis() < 5 * heartbeat.toMillis()) {
            throw new IllegalArgumentException("electionTimeout = " + election.toMillis()
                    + " ms is out of range (legal range: >= 5 x heartbeatInterval = " + 5 * heartbeat.toMillis()
                    + " ms)");
        }
        Path bin = binary != null ? binary : EtcdCluster.findBinary();
        BackendException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            EtcdCluster c = launch(bin);
            try {
                c.awaitStart(startTimeout);
                return c;
            } catch (BackendException e) {
                String tails = c.logTails(30);
                c.close();
                last = e;
                if (!tails.contains("address already in use")) {
                    throw e;
                }
            }
        }
        throw last;
    }

    private EtcdCluster launch(Path bin) {
        Path base;
        try {
            base = Files.createTempDirectory("dsbench-etcd-");
            io.dsbench.spi.ServerProcesses.registerDir(base); // deleted however the JVM ends
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for etcd", e);
        }
        int[] ports = freePorts(3 * members);
        boolean tls = tlsCert != null;
        String clientScheme = tls ? "https" : "http";
        String token = "dsbench-" + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder initial = new StringBuilder();
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                initial.append(',');
            }
            initial.append("e").append(i + 1).append("=http://127.0.0.1:").append(ports[3 * i + 1]);
        }
        List<EtcdMember> ms = new ArrayList<>();
        List<List<String>> commands = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            String name = "e" + (i + 1);
            int cp = ports[3 * i];
            int pp = ports[3 * i + 1];
            int mp = ports[3 * i + 2];
            List<String> cmd = new ArrayList<>(List.of(bin.toString(),
                    "--name", name,
                    "--data-dir", base.resolve(name + ".etcd").toString(),
                    "--listen-client-urls", clientScheme + "://127.0.0.1:" + cp,
                    "--advertise-client-urls", clientScheme + "://127.0.0.1:" + cp,
                    "--listen-metrics-urls", "http://127.0.0.1:" + mp,
                    "--listen-peer-urls", "http://127.0.0.1:" + pp,
                    "--initial-advertise-peer-urls", "http://127.0.0.1:" + pp,
                    "--initial-cluster", initial.toString(),
                    "--initial-cluster-token", token,
                    "--initial-cluster-state", "new",
                    "--heartbeat-interval=" + heartbeat.toMillis(),
                    "--election-timeout=" + election.toMillis()));
            if (tls) {
                cmd.add("--cert-file=" + tlsCert);
                cmd.add("--key-file=" + tlsKey);
                if (clientCa != null) {
                    cmd.add("--client-cert-auth");
                    cmd.add("--trusted-ca-file=" + clientCa);
                }
            }
            cmd.addAll(extraArgs);
            commands.add(cmd);
        }
        for (int i = 0; i < members; i++) {
            String name = "e" + (i + 1);
            ms.add(new EtcdMember(name, ports[3 * i], ports[3 * i + 1], ports[3 * i + 2], tls, base.resolve(name + ".etcd"),
                    base.resolve(name + ".log"), List.copyOf(commands.get(i))));
        }
        EtcdCluster real = new EtcdCluster(this, base, ms);
        try {
            for (EtcdMember m : real.members()) {
                m.launch();
            }
        } catch (RuntimeException e) {
            real.close();
            throw e;
        }
        return real;
    }

    Duration heartbeat() {
        return heartbeat;
    }

    Duration election() {
        return election;
    }

    private static int[] freePorts(int n) {
        int[] ports = new int[n];
        List<ServerSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                s.setReuseAddress(true);
                open.add(s);
                ports[i] = s.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free loopback ports", e);
        } finally {
            for (ServerSocket s : open) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            }
        }
        return ports;
    }
}
