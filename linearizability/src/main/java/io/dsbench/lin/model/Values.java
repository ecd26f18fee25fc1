package io.dsbench.lin.model;

import io.dsbench.lin.history.Keyword;

import java.util.List;
import java.util.Objects;

/** Helpers for models over EDN-like values. Stateless. */
public final class Values {
    private Values() {
    }

    /** Equality that treats integral numbers of any boxed type as equal when numerically equal. */
    public static boolean eq(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && !(a instanceof Double) && !(b instanceof Double)) {
            return x.longValue() == y.longValue();
        }
        return Objects.equals(a, b);
    }

    /** Normalizes integral numbers to Long so states compare by value. */
    public static Object norm(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        return v;
    }

    /** The name of a keyword, or the string. */
    public static String name(Object v) {
        if (v instanceof Keyword k) {
            return k.name();
        }
        return v == null ? null : v.toString();
    }

    /** The value as a list (for [from to] pairs and txns), or null when it is not one. */
    public static List<?> list(Object v) {
        return v instanceof List<?> l ? l : null;
    }

    /** The value as a long, or throws IllegalArgumentException naming the field. */
    public static long asLong(Object v, String what) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException(what + " must be an integer, found " + v);
    }

    static IllegalArgumentException unknownF(Model m, Operation op) {
        return new IllegalArgumentException("model " + m.name() + " has no operation :" + op.f()
                + " (op at position " + op.callPos() + ")");
    }
}
