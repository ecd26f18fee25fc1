package io.dsbench.etcd;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.Checks;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.RegistryEvent;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;

import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * {@link ServiceRegistry} on etcd leases: <b>one lease per registered instance</b>.
 *
 * <h2>Keys</h2>
 * {@code <prefix>reg/<namespace>/<service>/i/<id>} holds the instance, attached to its lease (TTL rounded
 * up to whole seconds, at least the server's minimum). Re-registering puts the new data with a new lease
 * and then revokes the old lease (which no longer holds the key), so there is never a duplicate. A heartbeat
 * reads the key (linearizably) and renews its lease once ({@code LeaseKeepAlive}); it returns false when the
 * key or its lease is gone. Expiry is enforced by the etcd leader's clock.
 *
 * <h2>Watch: telling expiry from deregistration</h2>
 * A deregistration is one transaction that writes a <b>tombstone</b> {@code .../d/<id>} (attached to the
 * instance's still-live lease) and deletes {@code .../i/<id>}; afterwards the lease is revoked, which also
 * removes the tombstone. Both changes carry the same revision and etcd delivers all events of one revision
 * in one watch response, so the watcher reports a delete of {@code i/<id>} as {@code REMOVED} when the same
 * response holds a tombstone put for that id at that revision, and as {@code EXPIRED} otherwise (the lease
 * ran out). The watch starts at the revision after an initial read, so no change is missed; jetcd resumes
 * a broken watch from the last revision seen. When that revision was compacted meanwhile (or etcd cancels
 * the watch), the watch reads the service again and delivers a RESET with that list, then goes on. Re-registration with the same host, port and metadata (only a
 * new lease) produces no event; with other data it is {@code UPDATED}.
 *
 * <p>Consistency: registration and deregistration go through Raft; {@link #discover} is a linearizable
 * read, so every client sees a registration once it returned. Thread-safe.
 */
final class EtcdServiceRegistry implements ServiceRegistry {
    private final EtcdSession s;
    private final String root;
    private final List<io.etcd.jetcd.Watch.Watcher> watchers = new CopyOnWriteArrayList<>();

    EtcdServiceRegistry(EtcdSession session, RegistryConfig config) {
        this.s = session;
        this.root = session.root("reg", config.namespace());
    }

    private String serviceRoot(String service) {
        Checks.requireKey("service", service);
        return root + EtcdSession.escape(service) + "/";
    }

    private ByteSequence instanceKey(String service, String id) {
        Checks.requireKey("instanceId", id);
        return EtcdSession.bytes(serviceRoot(service) + "i/" + EtcdSession.escape(id));
    }

    private ByteSequence tombstoneKey(String service, String id) {
        return EtcdSession.bytes(serviceRoot(service) + "d/" + EtcdSession.escape(id));
    }

    @Override
    public void register(ServiceInstance instance, Duration ttl) {
        Checks.requireNonNull("instance", instance);
        long lease = s.grant(s.strictTtlSeconds("ttl", ttl));
        ByteSequence k = instanceKey(instance.service(), instance.id());
        PutResponse r = s.await(s.kv().put(k, ByteSequence.from(encode(instance)),
                PutOption.builder().withLeaseId(lease).withPrevKV().build()), "register", true);
        if (r.hasPrevKv() && r.getPrevKv().getLease() != 0 && r.getPrevKv().getLease() != lease) {
            s.revokeLater(r.getPrevKv().getLease());
        }
    }

    @Override
    public boolean heartbeat(String service, String instanceId) {
        ByteSequence k = instanceKey(service, instanceId);
        GetResponse r = s.await(s.kv().get(k), "heartbeat read", false);
        if (r.getKvs().isEmpty()) {
            return false;
        }
        return s.keepAliveOnce(r.getKvs().get(0).getLease());
    }

    @Override
    public boolean deregister(String service, String instanceId) {
        ByteSequence k = instanceKey(service, instanceId);
        ByteSequence tomb = tombstoneKey(service, instanceId);
        for (int attempt = 0; attempt < 16; attempt++) {
            GetResponse g = s.await(s.kv().get(k), "deregister read", false);
            if (g.getKvs().isEmpty()) {
                return false;
            }
            KeyValue kv = g.getKvs().get(0);
            TxnResponse t = s.await(s.kv().txn()
                    .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(kv.getModRevision())))
                    .Then(Op.put(tomb, ByteSequence.EMPTY, PutOption.builder().withLeaseId(kv.getLease()).build()),
                            Op.delete(k, DeleteOption.DEFAULT))
                    .commit(), "deregister", true);
            if (t.isSucceeded()) {
                s.revokeLater(kv.getLease());
                return true;
            }
            // Re-registered or expired in between: look again.
        }
        throw new BackendException(BackendException.Kind.ERROR, false,
                "deregister of " + service + "/" + instanceId + " at " + s.where()
                        + " kept racing with concurrent changes (16 attempts)");
    }

    @Override
    public List<ServiceInstance> discover(String service) {
        String prefix = serviceRoot(service) + "i/";
        GetResponse r = s.await(s.kv().get(EtcdSession.bytes(prefix), GetOption.builder().isPrefix(true).build()), "discover", false);
        List<ServiceInstance> out = new ArrayList<>();
        for (KeyValue kv : r.getKvs()) {
            out.add(decode(kv.getValue().getBytes()));
        }
        out.sort(Comparator.comparing(ServiceInstance::id));
        return out;
    }

    @Override
    public Watch watch(String service, Consumer<RegistryEvent> listener) {
        Checks.requireNonNull("listener", listener);
        return new RegistryWatch(serviceRoot(service), listener);
    }

    /**
     * One watch on a service prefix. It starts at the revision after an initial read; jetcd resumes a broken
     * stream from the last revision seen. When etcd can no longer serve that revision (compacted while the
     * watch lagged or was disconnected) or cancels the watch, jetcd reports an error and ends it: this watch
     * then reads the service again (linearizably), delivers a RESET with that list and watches on from the
     * revision after the read. Never a silent gap; retried with back-off while etcd is unreachable.
     */
    private final class RegistryWatch implements Watch {
        private final String sroot;
        private final String instPrefix;
        private final String tombPrefix;
        private final Consumer<RegistryEvent> listener;
        private final Map<String, ServiceInstance> known = new HashMap<>(); // guarded by this
        private io.etcd.jetcd.Watch.Watcher watcher; // guarded by this
        private volatile boolean closed;

        RegistryWatch(String sroot, Consumer<RegistryEvent> listener) {
            this.sroot = sroot;
            this.instPrefix = sroot + "i/";
            this.tombPrefix = sroot + "d/";
            this.listener = listener;
            synchronized (this) {
                start(relist(false) + 1);
            }
        }

        /** Reads the service's instances into {@code known}; a RESET when {@code reset}. Returns the revision. */
        private long relist(boolean reset) {
            GetResponse g = s.await(s.kv().get(EtcdSession.bytes(instPrefix), GetOption.builder().isPrefix(true).build()),
                    reset ? "watch re-read" : "watch initial read", false);
            known.clear();
            for (KeyValue kv : g.getKvs()) {
                ServiceInstance i = decode(kv.getValue().getBytes());
                known.put(i.id(), i);
            }
            if (reset) {
                call(listener, RegistryEvent.reset(new ArrayList<>(known.values())));
            }
            return g.getHeader().getRevision();
        }

        private void start(long from) {
            io.etcd.jetcd.Watch.Listener l = io.etcd.jetcd.Watch.listener((WatchResponse resp) -> {
                synchronized (this) {
                    if (!closed) {
                        deliver(resp, instPrefix, tombPrefix, known, listener);
                    }
                }
            }, err -> resyncLater());
            watcher = s.client().getWatchClient().watch(EtcdSession.bytes(sroot),
                    WatchOption.builder().isPrefix(true).withPrevKV(true).withRevision(from).build(), l);
            watchers.add(watcher);
        }

        /** The watch ended with an error (compacted, cancelled): re-read and resume, off jetcd's thread. */
        private void resyncLater() {
            if (closed) {
                return;
            }
            Thread t = new Thread(() -> {
                long backoff = 50;
                while (!closed) {
                    try {
                        synchronized (this) {
                            if (closed) {
                                return;
                            }
                            watchers.remove(watcher);
                            watcher.close();
                            start(relist(true) + 1);
                        }
                        return;
                    } catch (BackendException e) {
                        try {
                            Thread.sleep(backoff);
                        } catch (InterruptedException ie) {
                            return;
                        }
                        backoff = Math.min(backoff * 2, 1000);
                    }
                }
            }, "dsbench-etcd-watch-resync");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() {
            closed = true;
            synchronized (this) {
                watchers.remove(watcher);
                watcher.close();
            }
        }
    }

    private static void call(Consumer<RegistryEvent> listener, RegistryEvent ev) {
        try {
            listener.accept(ev);
        } catch (RuntimeException ignored) {
            // a failing listener must not end the watch
        }
    }

    private static void deliver(WatchResponse resp, String instPrefix, String tombPrefix,
                                Map<String, ServiceInstance> known, Consumer<RegistryEvent> listener) {
        Set<String> tombstones = new HashSet<>();
        for (WatchEvent e : resp.getEvents()) {
            String key = e.getKeyValue().getKey().toString(StandardCharsets.UTF_8);
            if (e.getEventType() == WatchEvent.EventType.PUT && key.startsWith(tombPrefix)) {
                tombstones.add(key.substring(tombPrefix.length()) + "@" + e.getKeyValue().getModRevision());
            }
        }
        for (WatchEvent e : resp.getEvents()) {
            String key = e.getKeyValue().getKey().toString(StandardCharsets.UTF_8);
            if (!key.startsWith(instPrefix)) {
                continue;
            }
            String escId = key.substring(instPrefix.length());
            String id = EtcdSession.unescape(escId);
            RegistryEvent ev = null;
            if (e.getEventType() == WatchEvent.EventType.PUT) {
                ServiceInstance now = decode(e.getKeyValue().getValue().getBytes());
                ServiceInstance before = known.put(id, now);
                if (before == null) {
                    ev = new RegistryEvent(RegistryEvent.Type.ADDED, now);
                } else if (!before.equals(now)) {
                    ev = new RegistryEvent(RegistryEvent.Type.UPDATED, now);
                }
            } else if (e.getEventType() == WatchEvent.EventType.DELETE) {
                ServiceInstance before = known.remove(id);
                if (before == null && e.getPrevKV() != null && !e.getPrevKV().getValue().isEmpty()) {
                    before = decode(e.getPrevKV().getValue().getBytes());
                }
                if (before != null) {
                    long rev = e.getKeyValue().getModRevision();
                    boolean removed = tombstones.contains(escId + "@" + rev);
                    ev = new RegistryEvent(removed ? RegistryEvent.Type.REMOVED : RegistryEvent.Type.EXPIRED, before);
                }
            }
            if (ev != null) {
                call(listener, ev);
            }
        }
    }

    @Override
    public void close() {
        for (io.etcd.jetcd.Watch.Watcher w : watchers) {
            w.close();
        }
        watchers.clear();
    }

    static byte[] encode(ServiceInstance i) {
        try {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bo);
            out.writeByte(1);
            out.writeUTF(i.service());
            out.writeUTF(i.id());
            out.writeUTF(i.host());
            out.writeInt(i.port());
            Map<String, String> md = new TreeMap<>(i.metadata());
            out.writeInt(md.size());
            for (Map.Entry<String, String> e : md.entrySet()) {
                writeString(out, e.getKey());
                writeString(out, e.getValue());
            }
            out.flush();
            return bo.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServiceInstance decode(byte[] b) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
            int v = in.readByte();
            if (v != 1) {
                throw new IOException("unknown registry record format " + v);
            }
            String service = in.readUTF();
            String id = in.readUTF();
            String host = in.readUTF();
            int port = in.readInt();
            int n = in.readInt();
            Map<String, String> md = new LinkedHashMap<>();
            for (int k = 0; k < n; k++) {
                md.put(readString(in), readString(in));
            }
            return new ServiceInstance(service, id, host, port, md);
        } catch (IOException e) {
            throw new BackendException(BackendException.Kind.ERROR, false,
                    "an etcd registry record could not be decoded: " + e.getMessage(), e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
