package io.dsbench.chaos.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each etcd member in its own network namespace, so that a partition cuts the links between members, as in Jepsen.
 * Needs root, {@code ip} and {@code nft}; follows the machine's rules for namespaces:
 * <ul>
 *   <li>a guard route {@code unreachable 198.18.0.0/15} is added on the host first (unless present), so traffic for
 *       test addresses can never leave through the default route;</li>
 *   <li>only one /24 of 198.18.0.0/15 is used ({@code 198.18.<pid % 250 + 1>.0/24}): a host bridge at {@code .1},
 *       member {@code eN} at {@code .(10+N)} behind a veth pair;</li>
 *   <li>partition rules are nftables rules inside the members' namespaces only, never on the host;</li>
 *   <li>{@link #close} deletes the namespaces, the bridge and the guard route it added (also from a shutdown
 *       hook).</li>
 * </ul>
 * The members are started by the etcd backend's own launcher through a wrapper executable (backend option
 * {@code binary}) that moves each member into its namespace and rewrites its listen and peer URLs to the member's
 * address; the launcher still reaches each member's client and metrics ports on {@code 127.0.0.1} through fault
 * proxies that this class starts as each member announces its ports. Thread-safe.
 */
public final class NetnsEtcd implements AutoCloseable {
    private static final Pattern ANNOUNCE = Pattern.compile("(\\S+) (\\d+) (\\d+)");

    private final String tag;
    private final Path dir;
    private final Path wrapper;
    private final int members;
    private final long seed;
    private final boolean addedGuard;
    private final Map<String, FaultProxy> clientProxies = new LinkedHashMap<>();
    private final List<FaultProxy> metricsProxies = new ArrayList<>();
    private final Thread watcher;
    private final Thread hook;
    private final int subnet;
    private volatile boolean closed;

    /** Whether this machine can do it: root, {@code ip} and {@code nft} present. */
    public static boolean available() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/nft"))
                && (Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")));
    }

    /** Creates the namespaces and the bridge for {@code members} members. */
    public NetnsEtcd(int members, long seed) {
        this.members = members;
        this.seed = seed;
        long pid = ProcessHandle.current().pid();
        this.tag = "dsbc" + Long.toString(pid % 100000, 36);
        this.subnet = (int) (pid % 250) + 1; // 198.18.<subnet>.0/24: concurrent runs in other JVMs do not collide
        try {
            this.dir = Files.createTempDirectory("dsbench-chaos-netns-");
            io.dsbench.spi.ServerProcesses.registerDir(dir);
            Files.createDirectories(dir.resolve("announce"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the etcd wrapper", e);
        }
        boolean guard = !sh(false, "ip", "route", "show", "198.18.0.0/15").contains("unreachable");
        if (guard) {
            sh(true, "ip", "route", "add", "unreachable", "198.18.0.0/15");
        }
        this.addedGuard = guard;
        try {
            sh(true, "ip", "link", "add", bridge(), "type", "bridge");
            sh(true, "ip", "addr", "add", "198.18." + subnet + ".1/24", "dev", bridge());
            sh(true, "ip", "link", "set", bridge(), "up");
            for (int i = 1; i <= members; i++) {
                String ns = ns("e" + i);
                sh(true, "ip", "netns", "add", ns);
                sh(true, "ip", "link", "add", tag + "v" + i, "type", "veth", "peer", "name", "eth0", "netns", ns);
                sh(true, "ip", "link", "set", tag + "v" + i, "master", bridge(), "up");
                sh(true, "ip", "-n", ns, "addr", "add", ip("e" + i) + "/24", "dev", "eth0");
                sh(true, "ip", "-n", ns, "link", "set", "eth0", "up");
                sh(true, "ip", "-n", ns, "link", "set", "lo", "up");
            }
            this.wrapper = writeWrapper();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.hook = new Thread(this::close, "dsbench-chaos-netns-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        this.watcher = new Thread(this::watch, "dsbench-chaos-netns-announce");
        watcher.setDaemon(true);
        watcher.start();
    }

    private String bridge() {
        return tag + "br";
    }

    private String ns(String member) {
        return tag + "-" + member;
    }

    /** The member's address: {@code 198.18.<subnet>.(10+N)} for {@code eN}. */
    public String ip(String member) {
        return "198.18." + subnet + "." + (10 + Integer.parseInt(member.substring(1)));
    }

    /** The wrapper executable to pass as the etcd backend's {@code binary} option. */
    public Path wrapper() {
        return wrapper;
    }

    /** The proxy in front of each member's client port (the client links), once announced. */
    public synchronized Map<String, FaultProxy> clientProxies() {
        return new LinkedHashMap<>(clientProxies);
    }

    private Path writeWrapper() {
        String etcd = io.dsbench.etcd.EtcdCluster.findBinary().toString();
        String ann = dir.resolve("announce").toString();
        String sb = "#!/bin/sh\n"
                + "# dsbench chaos: runs one etcd member in its network namespace, on its own address\n"
                + "name=''; prev=''\n"
                + "for a in \"$@\"; do [ \"$prev\" = --name ] && name=$a; prev=$a; done\n"
                + "self=198.18." + subnet + ".$((10 + ${name#e})); cp=''; mp=''; prev=''\n"
                + "for a in \"$@\"; do\n"
                + "  shift; orig=$a\n"
                + "  case \"$prev\" in\n"
                + "    --listen-client-urls) cp=${a##*:}; a=\"http://$self:$cp\" ;;\n"
                + "    --listen-metrics-urls) mp=${a##*:}; a=\"http://$self:$mp\" ;;\n"
                + "    --listen-peer-urls|--initial-advertise-peer-urls) a=$(printf '%s' \"$a\" | sed \"s#127[.]0[.]0[.]1#$self#\") ;;\n"
                + "    --initial-cluster) a=$(printf '%s' \"$a\" | sed -E 's#e([0-9])=http://127[.]0[.]0[.]1#e\\1=http://198.18." + subnet + ".1\\1#g') ;;\n"
                + "  esac\n"
                + "  set -- \"$@\" \"$a\"; prev=$orig\n"
                + "done\n"
                + "echo \"$name $cp $mp\" > '" + ann + "'/$name.tmp && mv '" + ann + "'/$name.tmp '" + ann + "'/$name\n"
                + "exec ip netns exec " + tag + "-$name '" + etcd + "' \"$@\"\n";
        Path p = dir.resolve("etcd-netns.sh");
        try {
            Files.writeString(p, sb, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the etcd wrapper " + p, e);
        }
        return p;
    }

    private void watch() {
        Path ann = dir.resolve("announce");
        while (!closed) {
            try (var files = Files.list(ann)) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(".tmp")) {
                        continue;
                    }
                    synchronized (this) {
                        if (!clientProxies.containsKey(name)) {
                            Matcher m = ANNOUNCE.matcher(Files.readString(f).trim());
                            if (m.matches()) {
                                int cp = Integer.parseInt(m.group(2));
                                int mp = Integer.parseInt(m.group(3));
                                clientProxies.put(name, new FaultProxy(name, cp, ip(name), cp, seed + cp));
                                metricsProxies.add(new FaultProxy(name + "-metrics", mp, ip(name), mp, seed + mp));
                            }
                        }
                    }
                }
                Thread.sleep(10); // polls for members announcing their ports (another process writes them)
            } catch (IOException e) {
                // retried on the next poll
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Partitions {@code isolated} from every other member: nftables rules inside each isolated member's namespace
     * drop traffic to and from the others' addresses (client links through the host stay up, as in Jepsen).
     */
    public void isolate(List<String> isolated, List<String> all) {
        List<String> others = new ArrayList<>();
        for (String m : all) {
            if (!isolated.contains(m)) {
                others.add(m);
            }
        }
        if (others.isEmpty()) {
            throw new IllegalArgumentException("partition: no member left on the other side of " + isolated);
        }
        for (String m : isolated) {
            block(m, others);
        }
    }

    /**
     * Jepsen's majorities ring: members in a ring ({@code all} in order), each one's namespace dropping traffic with
     * every member but its two neighbours, so each member sees a majority (itself and its neighbours: 3 of 5) and no
     * two members see the same majority. Needs at least 5 members.
     *
     * @return for each member, the members it still sees
     */
    public Map<String, List<String>> ring(List<String> all) {
        int n = all.size();
        if (n < 5) {
            throw new IllegalArgumentException("majorities ring needs at least 5 members, not " + n);
        }
        Map<String, List<String>> sees = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            List<String> visible = List.of(all.get((i + n - 1) % n), all.get(i), all.get((i + 1) % n));
            List<String> cut = new ArrayList<>();
            for (String m : all) {
                if (!visible.contains(m)) {
                    cut.add(m);
                }
            }
            block(all.get(i), cut);
            sees.put(all.get(i), visible);
        }
        return sees;
    }

    /** Drops, inside {@code member}'s namespace, every packet to and from {@code cut}'s addresses. */
    private void block(String member, List<String> cut) {
        List<String> ips = new ArrayList<>();
        for (String m : cut) {
            ips.add(ip(m));
        }
        String set = String.join(", ", ips);
        String rules = "table inet dsbchaos {\n"
                + "  chain in { type filter hook input priority 0; policy accept; ip saddr { " + set
                + " } counter drop; }\n"
                + "  chain out { type filter hook output priority 0; policy accept; ip daddr { " + set
                + " } counter drop; }\n}\n";
        shIn(rules, "ip", "netns", "exec", ns(member), "nft", "-f", "-");
    }

    /** Packets dropped by the partition rules in the member's namespace (in + out), or -1 when none are in place. */
    public long dropped(String member) {
        String out = sh(false, "ip", "netns", "exec", ns(member), "nft", "list", "table", "inet", "dsbchaos");
        Matcher m = Pattern.compile("counter packets (\\d+)").matcher(out);
        long n = -1;
        while (m.find()) {
            n = Math.max(0, n) + Long.parseLong(m.group(1));
        }
        return n;
    }

    /** Removes the partition rules from the members' namespaces. */
    public void heal(List<String> isolated) {
        for (String m : isolated) {
            sh(false, "ip", "netns", "exec", ns(m), "nft", "delete", "table", "inet", "dsbchaos");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down: the hook runs this
            }
        }
        clientProxies.values().forEach(FaultProxy::close);
        metricsProxies.forEach(FaultProxy::close);
        for (int i = 1; i <= members; i++) {
            sh(false, "ip", "netns", "del", ns("e" + i));
        }
        sh(false, "ip", "link", "del", bridge());
        if (addedGuard) {
            sh(false, "ip", "route", "del", "unreachable", "198.18.0.0/15");
        }
    }

    private static String sh(boolean check, String... cmd) {
        return run(check, null, cmd);
    }

    private static void shIn(String stdin, String... cmd) {
        run(true, stdin, cmd);
    }

    private static String run(boolean check, String stdin, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + ": no answer in 10 s");
            }
            if (check && p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out.trim());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + cmd[0], e);
        }
    }
}
