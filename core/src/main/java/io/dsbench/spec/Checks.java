package io.dsbench.spec;

import java.time.Duration;

/**
 * Eager argument validation with messages that name the field, its value and the legal range.
 * Used by every config and by backends for their arguments.
 */
public final class Checks {
    private Checks() {
    }

    /** A key or name must be non-null and non-empty. */
    public static String requireKey(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        return value;
    }

    /** A non-null value. */
    public static <T> T requireNonNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    /** A strictly positive duration. */
    public static Duration requirePositive(String field, Duration value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null (legal range: > 0)");
        }
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + " = " + value + " is out of range (legal range: > 0)");
        }
        return value;
    }

    /** An int within [min, max]. */
    public static int requireRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    field + " = " + value + " is out of range (legal range: " + min + ".." + max + ")");
        }
        return value;
    }

    /** A long within [min, max]. */
    public static long requireRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    field + " = " + value + " is out of range (legal range: " + min + ".." + max + ")");
        }
        return value;
    }
}
