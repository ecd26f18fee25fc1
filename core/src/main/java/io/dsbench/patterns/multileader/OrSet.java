package io.dsbench.patterns.multileader;

import io.dsbench.spec.Checks;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableSet;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An observed-remove set with add-wins semantics: each add of an element is tagged with a unique {@link Dot}; a
 * remove tombstones the tags its leader has observed; an element is present while it has a tag that is not
 * tombstoned. Merge is the union of tags and of tombstones. Guarantees: convergence; an add concurrent with a
 * remove of the same element survives it (the remove did not observe the add's tag): add wins. Gives up: space
 * (tombstones are kept forever: removing them safely needs to know that every leader has seen them, i.e.
 * coordination) and remove-wins intentions.
 */
public final class OrSet {
    /** The replicated type. */
    public static final CrdtType<OrSet> TYPE = CrdtType.of("or-set", () -> new OrSet(new TreeMap<>(), new TreeSet<>()),
            OrSet::merge, OrSet::encode, OrSet::decode);

    private final TreeMap<String, TreeSet<Dot>> tags;
    private final TreeSet<Dot> tombstones;

    private OrSet(TreeMap<String, TreeSet<Dot>> tags, TreeSet<Dot> tombstones) {
        this.tags = tags;
        this.tombstones = tombstones;
    }

    /** A set from its tags and tombstones (for tests and decoding). */
    public static OrSet of(Map<String, ? extends java.util.Set<Dot>> tags, java.util.Set<Dot> tombstones) {
        TreeMap<String, TreeSet<Dot>> t = new TreeMap<>();
        Checks.requireNonNull("tags", tags).forEach((e, dots) -> {
            if (!Checks.requireNonNull("tags of " + e, dots).isEmpty()) {
                t.put(Checks.requireNonNull("element", e), new TreeSet<>(dots));
            }
        });
        return new OrSet(t, new TreeSet<>(Checks.requireNonNull("tombstones", tombstones)));
    }

    /** Adds {@code element} at {@code leader} with a new tag. */
    public OrSet add(int leader, String element) {
        Checks.requireNonNull("element", element);
        long max = 0;
        for (TreeSet<Dot> dots : tags.values()) {
            for (Dot d : dots) {
                if (d.leader() == leader) {
                    max = Math.max(max, d.counter());
                }
            }
        }
        for (Dot d : tombstones) {
            if (d.leader() == leader) {
                max = Math.max(max, d.counter());
            }
        }
        TreeMap<String, TreeSet<Dot>> t = copy(tags);
        t.computeIfAbsent(element, e -> new TreeSet<>()).add(new Dot(leader, max + 1));
        return new OrSet(t, tombstones);
    }

    /** Removes {@code element}: tombstones every tag of it this state has observed. */
    public OrSet remove(String element) {
        TreeSet<Dot> dots = tags.get(Checks.requireNonNull("element", element));
        if (dots == null) {
            return this;
        }
        TreeSet<Dot> t = new TreeSet<>(tombstones);
        t.addAll(dots);
        return new OrSet(tags, t);
    }

    /** Whether {@code element} has a tag that is not tombstoned. */
    public boolean contains(String element) {
        TreeSet<Dot> dots = tags.get(element);
        return dots != null && !tombstones.containsAll(dots);
    }

    /** The present elements, sorted. */
    public NavigableSet<String> elements() {
        TreeSet<String> out = new TreeSet<>();
        tags.keySet().forEach(e -> {
            if (contains(e)) {
                out.add(e);
            }
        });
        return Collections.unmodifiableNavigableSet(out);
    }

    /** The tags of each element ever added. */
    public Map<String, SortedSet<Dot>> tags() {
        TreeMap<String, SortedSet<Dot>> out = new TreeMap<>();
        tags.forEach((e, d) -> out.put(e, Collections.unmodifiableSortedSet(d)));
        return Collections.unmodifiableMap(out);
    }

    /** The tombstoned tags. */
    public SortedSet<Dot> tombstones() {
        return Collections.unmodifiableSortedSet(tombstones);
    }

    /** The union of tags and of tombstones. */
    public OrSet merge(OrSet o) {
        TreeMap<String, TreeSet<Dot>> t = copy(tags);
        o.tags.forEach((e, d) -> t.computeIfAbsent(e, x -> new TreeSet<>()).addAll(d));
        TreeSet<Dot> ts = new TreeSet<>(tombstones);
        ts.addAll(o.tombstones);
        return new OrSet(t, ts);
    }

    private static TreeMap<String, TreeSet<Dot>> copy(TreeMap<String, TreeSet<Dot>> m) {
        TreeMap<String, TreeSet<Dot>> t = new TreeMap<>();
        m.forEach((e, d) -> t.put(e, new TreeSet<>(d)));
        return t;
    }

    byte[] encode() {
        return Codec.encode(out -> {
            out.writeInt(tags.size());
            for (Map.Entry<String, TreeSet<Dot>> e : tags.entrySet()) {
                Codec.bytes(out, e.getKey().getBytes(StandardCharsets.UTF_8));
                dots(out, e.getValue());
            }
            dots(out, tombstones);
        });
    }

    private static void dots(DataOutputStream out, java.util.Set<Dot> dots) throws IOException {
        out.writeInt(dots.size());
        for (Dot d : dots) {
            out.writeInt(d.leader());
            out.writeLong(d.counter());
        }
    }

    private static TreeSet<Dot> dots(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available() / 12) {
            throw new IOException(n + " tags exceed the " + in.available() + " bytes left");
        }
        TreeSet<Dot> out = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            out.add(new Dot(in.readInt(), in.readLong()));
        }
        return out;
    }

    static OrSet decode(byte[] b) {
        return Codec.decode("or-set", b, in -> {
            int n = in.readInt();
            if (n < 0 || n > in.available() / 8) {
                throw new IOException(n + " elements exceed the " + in.available() + " bytes left");
            }
            TreeMap<String, TreeSet<Dot>> t = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                t.put(new String(Codec.bytes(in), StandardCharsets.UTF_8), dots(in));
            }
            return of(t, dots(in));
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrSet s && s.tags.equals(tags) && s.tombstones.equals(tombstones);
    }

    @Override
    public int hashCode() {
        return tags.hashCode() * 31 + tombstones.hashCode();
    }

    @Override
    public String toString() {
        return "OrSet" + elements() + "[tags=" + tags + ", tombstones=" + tombstones + "]";
    }
}
