package io.dsbench.patterns.multileader;

import io.dsbench.spec.Checks;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A state-based CRDT: an empty state, a merge that must be a join (commutative, associative, idempotent: the
 * MULTI kit's CRDT-law rules check it), and a byte encoding. {@link GCounter#TYPE}, {@link PNCounter#TYPE},
 * {@link LwwRegister#TYPE} and {@link OrSet#TYPE} are the built-in ones.
 *
 * @param <T> the state
 */
public interface CrdtType<T> {
    /** A short name, e.g. {@code g-counter}. */
    String name();

    /** The state before any update (the merge's identity). */
    T empty();

    /** The join of two states. */
    T merge(T a, T b);

    /** The state as bytes. */
    byte[] encode(T state);

    /**
     * The state from {@link #encode} output.
     *
     * @throws IllegalArgumentException for bytes that are not an encoded state
     */
    T decode(byte[] bytes);

    /** A type from its parts. */
    static <T> CrdtType<T> of(String name, Supplier<T> empty, BinaryOperator<T> merge, Function<T, byte[]> encode,
            Function<byte[], T> decode) {
        Checks.requireKey("name", name);
        Checks.requireNonNull("empty", empty);
        Checks.requireNonNull("merge", merge);
        Checks.requireNonNull("encode", encode);
        Checks.requireNonNull("decode", decode);
        return new CrdtType<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public T empty() {
                return empty.get();
            }

            @Override
            public T merge(T a, T b) {
                return merge.apply(a, b);
            }

            @Override
            public byte[] encode(T state) {
                return encode.apply(state);
            }

            @Override
            public T decode(byte[] bytes) {
                return decode.apply(bytes);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** This type with another merge (for experiments and the kit's negative controls). */
    default CrdtType<T> withMerge(String newName, BinaryOperator<T> newMerge) {
        return of(newName, this::empty, newMerge, this::encode, this::decode);
    }
}
