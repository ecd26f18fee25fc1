package io.dsbench.chaos.nemesis;

import io.dsbench.chaos.net.FaultProxy;
import io.dsbench.redis.launcher.RedisServerProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code partition}, in the form the topology allows (named in the fault log's {@code implementation}):
 * <ul>
 *   <li>{@code netns-nftables} (etcd as root): each member runs in its own network namespace; nftables rules inside
 *       each isolated member's namespace drop every packet to and from the other members (clients still reach every
 *       member, as in Jepsen, so a stale read would show). Verified: the rules dropped packets (the peers kept
 *       trying), and when the leader was isolated, a member on the other side became leader. With
 *       {@code --target ring} (5 members): Jepsen's majorities ring, each member's namespace dropping traffic with
 *       all but its two ring neighbours (each sees a majority, no two the same); verified by every member's
 *       drop counter.</li>
 *   <li>{@code proxy-client-links} (etcd without root, redis): the fault proxy in front of each target cuts its client links (open
 *       connections severed, new ones closed at once). Verified: the proxy forwarded no byte to the isolated member
 *       during the partition. Peer links between etcd members are NOT cut (they do not pass through a proxy): this
 *       isolates members from the clients, not from each other.</li>
 *   <li>{@code pause-isolation} (redis-sentinel, whose clients get the servers' real addresses from the Sentinels):
 *       the primary is frozen (SIGSTOP) until the Sentinels fail over to a replica, then resumed, so it comes back
 *       as a stale primary beside the new one, as a partitioned primary does. Verified: it did not answer while
 *       frozen, and the Sentinels named another primary.</li>
 * </ul>
 */
public final class PartitionNemesis implements Nemesis {
    private final Map<String, Long> bytesAtCut = new HashMap<>();
    private final Map<String, Long> refusedAtCut = new HashMap<>();
    private String wasLeader;
    private boolean ring;

    @Override
    public String name() {
        return "partition";
    }

    @Override
    public Fault start(NemesisContext ctx) {
        String mode = ctx.cluster().partitionMode();
        if (mode == null) {
            throw new IllegalArgumentException("partition is not available on backend " + ctx.cluster().kind());
        }
        List<String> targets = ctx.pickTargets();
        String desc = ctx.describe(targets);
        Fault f = new Fault("partition", targets, desc, mode, ctx.nowMs());
        ctx.record("start-partition", NemesisContext.value(ctx.target().equals("ring") ? "ring" : "isolated", targets,
                "implementation", mode));
        if (mode.equals("netns-nftables")) {
            try {
                wasLeader = ctx.cluster().faults().writer().name();
            } catch (RuntimeException e) {
                wasLeader = null;
            }
            if (ctx.target().equals("ring")) {
                var sees = ctx.cluster().netns().orElseThrow().ring(ctx.cluster().dataMembers());
                ring = true;
                f.evidence(true, "majorities ring: " + sees.entrySet().stream().map(e -> e.getKey() + " sees "
                        + String.join("+", e.getValue())).collect(java.util.stream.Collectors.joining(", "))
                        + " (each a majority, no two the same)");
                return f;
            }
            ctx.cluster().netns().orElseThrow().isolate(targets, ctx.cluster().dataMembers());
            return f;
        }
        if (mode.equals("pause-isolation")) {
            RedisServerProcess old = ctx.cluster().redisDeployment().orElseThrow().currentPrimary();
            for (String m : targets) {
                ctx.cluster().faults().pause(m);
                boolean silent = !ctx.cluster().answers(m, Duration.ofMillis(500));
                f.evidence(silent, m + (silent ? ": frozen, did not answer within 500 ms" : ": STILL ANSWERED"));
            }
            if (targets.contains(old.dir().getFileName().toString())) {
                try {
                    RedisServerProcess now = ctx.cluster().redisDeployment().orElseThrow()
                            .awaitFailover(old, Duration.ofSeconds(30));
                    f.evidence(true, "the Sentinels promoted " + now.dir().getFileName() + " while "
                            + old.dir().getFileName() + " was isolated");
                } catch (RuntimeException e) {
                    f.evidence(false, "no failover while the primary was isolated: " + e.getMessage());
                }
            }
            return f;
        }
        for (String m : targets) {
            FaultProxy p = ctx.cluster().proxy(m).orElseThrow();
            p.cut(true);
            bytesAtCut.put(m, p.bytesToServer());
            refusedAtCut.put(m, p.refused());
        }
        return f;
    }

    @Override
    public void stop(NemesisContext ctx, Fault f) {
        if (f.implementation().equals("netns-nftables")) {
            var net = ctx.cluster().netns().orElseThrow();
            if (ring) {
                List<String> leaders = new java.util.ArrayList<>();
                for (io.dsbench.spi.Faults.Member m : ctx.cluster().faults().members()) {
                    if (m.role() == io.dsbench.spi.Faults.Role.LEADER) {
                        leaders.add(m.name());
                    }
                }
                f.evidence(true, "leader before the ring: " + wasLeader + "; members calling themselves leader at its "
                        + "end: " + leaders);
            } else if (wasLeader != null && f.targets().contains(wasLeader)) {
                String newLeader = null;
                for (io.dsbench.spi.Faults.Member m : ctx.cluster().faults().members()) {
                    if (m.role() == io.dsbench.spi.Faults.Role.LEADER && !f.targets().contains(m.name())) {
                        newLeader = m.name();
                    }
                }
                f.evidence(newLeader != null, newLeader != null ? newLeader + " became leader on the majority side"
                        + " while " + wasLeader + " was isolated" : "no member outside " + f.targets()
                        + " was leader at the end of the partition");
            }
            for (String m : f.targets()) {
                long dropped = net.dropped(m);
                f.evidence(dropped > 0, m + ": " + dropped + " packets to or from the other members dropped by "
                        + "nftables inside its namespace");
            }
            net.heal(f.targets());
            for (String m : f.targets()) {
                boolean back = Await.until(Duration.ofSeconds(15), () -> ctx.cluster().answers(m, Duration.ofSeconds(1)));
                f.evidence(back, m + (back ? ": healthy again after the heal" : ": NOT healthy 15 s after the heal"));
            }
        } else if (f.implementation().equals("pause-isolation")) {
            for (String m : f.targets()) {
                ctx.cluster().faults().resume(m);
                boolean back = Await.until(Duration.ofSeconds(10), () -> ctx.cluster().answers(m, Duration.ofSeconds(1)));
                f.evidence(back, m + (back ? ": rejoined (answers again)" : ": did NOT answer after the heal"));
            }
        } else {
            for (String m : f.targets()) {
                FaultProxy p = ctx.cluster().proxy(m).orElseThrow();
                long bytes = p.bytesToServer() - bytesAtCut.get(m);
                long refused = p.refused() - refusedAtCut.get(m);
                p.cut(false);
                f.evidence(bytes == 0, m + ": " + bytes + " bytes of client traffic reached it during the partition; "
                        + refused + " client connection attempts refused; peer links not cut");
            }
        }
        ctx.record("stop-partition", NemesisContext.value("healed", f.targets()));
        f.ended(ctx.nowMs());
    }
}
