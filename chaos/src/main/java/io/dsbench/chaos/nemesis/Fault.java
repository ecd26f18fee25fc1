package io.dsbench.chaos.nemesis;

import java.util.List;

/**
 * One injected fault, as the result's fault log shows it: when it started and ended (ms since the run started),
 * what was done to whom, how it was implemented, and whether it was verified to have taken effect, with the
 * evidence. A fault that was not verified makes the run's verdict {@code fault-not-verified}. Mutable, filled by its
 * nemesis; not thread-safe (one nemesis thread).
 */
public final class Fault {
    private final String nemesis;
    private final List<String> targets;
    private final String target;
    private final String implementation;
    private final long atMs;
    private long endMs = -1;
    private boolean verified = true;
    private final StringBuilder evidence = new StringBuilder();

    public Fault(String nemesis, List<String> targets, String target, String implementation, long atMs) {
        this.nemesis = nemesis;
        this.targets = List.copyOf(targets);
        this.target = target;
        this.implementation = implementation;
        this.atMs = atMs;
    }

    /** Adds a fact; {@code ok == false} marks the fault unverified. */
    public void evidence(boolean ok, String fact) {
        if (!ok) {
            verified = false;
        }
        if (evidence.length() > 0) {
            evidence.append("; ");
        }
        evidence.append(ok ? "" : "NOT VERIFIED: ").append(fact);
    }

    public void ended(long ms) {
        endMs = ms;
    }

    public String nemesis() {
        return nemesis;
    }

    public List<String> targets() {
        return targets;
    }

    public String target() {
        return target;
    }

    public String implementation() {
        return implementation;
    }

    public long atMs() {
        return atMs;
    }

    public long endMs() {
        return endMs;
    }

    public boolean verified() {
        return verified && endMs >= 0;
    }

    public String evidence() {
        return evidence.toString();
    }

    @Override
    public String toString() {
        return nemesis + " " + target + " [" + atMs + ".." + endMs + " ms] " + (verified() ? "verified" : "NOT verified")
                + ": " + evidence;
    }
}
