package io.dsbench.patterns.caching;

import java.util.List;
import java.util.Objects;

/**
 * Writes to one key that a {@link WriteBehind} accepted but never got into the store.
 *
 * @param key       the key
 * @param value     the last value written (what the store would have received)
 * @param writeIds  the ids returned by {@link WriteBehind#write} for every lost write to this key, in order
 *                  (several when writes were coalesced)
 */
public record LostWrite(String key, byte[] value, List<Long> writeIds) {
    public LostWrite {
        Objects.requireNonNull(key, "key");
        value = Objects.requireNonNull(value, "value").clone();
        writeIds = List.copyOf(writeIds);
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public String toString() {
        return "LostWrite[key=" + key + ", writeIds=" + writeIds + ", bytes=" + value.length + "]";
    }
}
