package io.dsbench.lin.history;

import java.util.Objects;

/**
 * An EDN keyword such as {@code :read} (stored without the colon). Immutable and thread-safe.
 *
 * @param name the keyword's name without the leading colon, never empty
 */
public record Keyword(String name) implements Comparable<Keyword> {
    public Keyword {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("keyword name must not be empty");
        }
    }

    /** Returns the keyword named {@code name}; a leading ':' is ignored. */
    public static Keyword of(String name) {
        return new Keyword(name.startsWith(":") ? name.substring(1) : name);
    }

    @Override
    public int compareTo(Keyword o) {
        return name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return ":" + name;
    }
}
