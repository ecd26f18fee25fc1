package io.dsbench.lin.format;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one Jackson {@link ObjectMapper} of the linearizability module, created on first use: building it (and loading
 * Jackson) costs about 0.2 s of a cold JVM, which a check of an EDN or Jepsen-log history never needs. Thread-safe
 * (an ObjectMapper is, once configured).
 */
public final class Json {
    private Json() {
    }

    /** The shared mapper (created by the first call). */
    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
