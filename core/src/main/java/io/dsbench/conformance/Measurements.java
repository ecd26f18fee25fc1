package io.dsbench.conformance;

import org.junit.jupiter.api.TestReporter;

/** How kit rules publish what they measured (e.g. how long a 2PC participant blocked). */
final class Measurements {
    private Measurements() {
    }

    /**
     * Publishes {@code key = value} as a JUnit report entry and as one line {@code [dsbench] key = value} on
     * standard output, which test reports keep per test.
     */
    static void publish(TestReporter reporter, String key, String value) {
        reporter.publishEntry(key, value);
        System.out.println("[dsbench] " + key + " = " + value);
    }
}
