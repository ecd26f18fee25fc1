package io.dsbench.chaos.run;

import io.dsbench.chaos.nemesis.Fault;
import io.dsbench.chaos.workload.Outcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The verdict of one chaos run and everything {@code result.json} holds.
 *
 * @param verdict {@code valid}, {@code invalid}, {@code unknown}, {@code fault-not-verified} (a fault did not take
 *                effect, so the run proves nothing) or {@code invalid-run} (below the minimum rate before the first
 *                fault: not enough load to mean anything)
 * @param message one line: what was found, with numbers ("not reproduced in this run" when an allowed anomaly was
 *                not seen: never "safe")
 */
public record ChaosResult(ChaosOptions options, String workload, Path dir, Expectation expectation, double minRate,
                          Outcome outcome, List<PhaseStats> phases, List<Fault> faults, String verdict,
                          boolean matchesExpectation, String message) {

    /** Decides the verdict from the check, the fault log, the load before the faults and the expectation. */
    public static ChaosResult decide(ChaosOptions o, String workload, Path dir, Expectation e, double minRate,
                                     Outcome outcome, List<PhaseStats> phases, List<Fault> faults, Throwable error) {
        String verdict;
        String message;
        PhaseStats before = phases.get(0);
        List<Fault> unverified = faults.stream().filter(f -> !f.verified()).toList();
        if (error != null) {
            verdict = "unknown";
            message = "a client failed unexpectedly: " + error;
        } else if (before.throughputPerS() < minRate) {
            verdict = "invalid-run";
            message = String.format(Locale.ROOT, "%.1f ok/s before the first fault, below the minimum of %.1f: not "
                    + "enough load to mean anything", before.throughputPerS(), minRate);
        } else if (!unverified.isEmpty()) {
            verdict = "fault-not-verified";
            message = unverified.size() + " fault(s) not verified to have taken effect: " + unverified.get(0);
        } else {
            verdict = outcome.verdict();
            java.util.List<String> shown = outcome.anomalies().entrySet().stream().filter(a -> a.getValue() > 0)
                    .map(java.util.Map.Entry::getKey).toList();
            if (verdict.equals("invalid") && e.mustBeValid() && !shown.isEmpty() && e.allowed().containsAll(shown)) {
                message = "allowed anomal" + (shown.size() == 1 ? "y " : "ies ") + shown + " (declared before the run): "
                        + outcome.summary();
            } else if (verdict.equals("valid") && !e.mustBeValid()) {
                message = "not reproduced in this run: " + outcome.summary();
            } else if (verdict.equals("invalid")) {
                message = (e.mustBeValid() ? "VIOLATION: " : "reproduced: ") + outcome.summary();
            } else {
                message = outcome.summary();
            }
        }
        boolean onlyAllowed = outcome.anomalous() && outcome.anomalies().entrySet().stream()
                .filter(a -> a.getValue() > 0).allMatch(a -> e.allowed().contains(a.getKey()));
        boolean matches = verdict.equals("valid") || (verdict.equals("invalid") && (!e.mustBeValid() || onlyAllowed));
        return new ChaosResult(o, workload, dir, e, minRate, outcome, phases, faults, verdict, matches, message);
    }
}
