package io.dsbench.lin.history;

import java.util.Objects;

/**
 * One event of a history, as Jepsen records it. Immutable (values must be immutable EDN-like data) and thread-safe.
 *
 * @param index    position in the history, 0-based (reassigned by {@link History})
 * @param time     time in nanoseconds since the start of the run, or -1 when unknown
 * @param type     invoke / ok / fail / info
 * @param process  the client process, or {@link #NEMESIS} for nemesis ops (which are not client ops)
 * @param f        the function, e.g. "read", "write", "cas" (keyword name without colon)
 * @param value    the op's value (EDN-like data), may be null
 * @param key      for keyed workloads (Porcupine kv) the key, else null
 * @param error    an error description (e.g. {@code :timed-out}), or null
 */
public record Op(int index, long time, OpType type, int process, String f, Object value, Object key, Object error) {

    /** The process id used for nemesis ops. */
    public static final int NEMESIS = Integer.MIN_VALUE;

    public Op {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(f, "f");
    }

    /** An op with no key and no error. */
    public static Op of(OpType type, int process, String f, Object value) {
        return new Op(-1, -1, type, process, f, value, null, null);
    }

    /** True for nemesis ops, which are kept in the history but are not client operations. */
    public boolean isNemesis() {
        return process == NEMESIS;
    }

    /** A copy with another index. */
    public Op withIndex(int newIndex) {
        return new Op(newIndex, time, type, process, f, value, key, error);
    }

    /** A copy with another value. */
    public Op withValue(Object newValue) {
        return new Op(index, time, type, process, f, newValue, key, error);
    }

    /** The process as Jepsen prints it: a number or ":nemesis". */
    public String processName() {
        return isNemesis() ? ":nemesis" : Integer.toString(process);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{:process ").append(processName())
                .append(", :type :").append(type.ednName())
                .append(", :f :").append(f);
        if (key != null) {
            sb.append(", :key ").append(io.dsbench.lin.format.Edn.write(key));
        }
        sb.append(", :value ").append(io.dsbench.lin.format.Edn.write(value));
        if (error != null) {
            sb.append(", :error ").append(io.dsbench.lin.format.Edn.write(error));
        }
        sb.append(", :index ").append(index).append('}');
        return sb.toString();
    }
}
