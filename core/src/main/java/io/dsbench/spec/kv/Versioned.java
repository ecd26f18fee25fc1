package io.dsbench.spec.kv;

import java.util.Arrays;
import java.util.Objects;

/**
 * A value with the version it was written at. Versions are positive and strictly increase per key
 * (see {@link KeyValueStore}). The byte array is copied on the way in and out: instances are immutable.
 *
 * @param value   the stored bytes (never null; may be empty)
 * @param version the version, {@code >= 1}
 */
public record Versioned(byte[] value, long version) {
    public Versioned {
        Objects.requireNonNull(value, "value");
        if (version < 1) {
            throw new IllegalArgumentException("version = " + version + " is out of range (legal range: >= 1)");
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Versioned v && v.version == version && Arrays.equals(v.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(value) + Long.hashCode(version);
    }

    @Override
    public String toString() {
        return "Versioned[version=" + version + ", bytes=" + value.length + "]";
    }
}
