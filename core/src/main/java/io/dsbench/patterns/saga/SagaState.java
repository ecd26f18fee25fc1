package io.dsbench.patterns.saga;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of one saga instance, rebuilt from its log records. Duplicate records (a retried append that
 * had taken effect) change nothing. Not thread-safe; a snapshot.
 */
public final class SagaState {
    /** Progress of a step's execution. */
    public enum StepStatus { NOT_STARTED, STARTED, DONE, FAILED }

    /** Progress of a step's compensation. */
    public enum CompensationStatus { NONE, STARTED, DONE, FAILED, MANUAL_INTERVENTION_REQUIRED }

    private final String sagaId;
    private String sagaName;
    private int stepCount = -1;
    private Map<String, String> input = Map.of();
    private final Map<Integer, StepStatus> steps = new LinkedHashMap<>();
    private final Map<Integer, CompensationStatus> compensations = new LinkedHashMap<>();
    private final Map<Integer, Boolean> failureMayHaveTakenEffect = new LinkedHashMap<>();
    private final List<SagaLogRecord> records = new ArrayList<>();
    private int failedStep = -1;
    private String failureReason;
    private SagaResult.Outcome finished;

    SagaState(String sagaId) {
        this.sagaId = sagaId;
    }

    void apply(SagaLogRecord r) {
        records.add(r);
        sagaName = r.sagaName();
        int k = r.step();
        switch (r.type()) {
            case STARTED -> {
                String[] parts = r.detail().split(";", 2);
                stepCount = Integer.parseInt(parts[0]);
                input = parts.length > 1 ? SagaInput.decode(parts[1]) : Map.of();
            }
            case STEP_STARTED -> steps.merge(k, StepStatus.STARTED, SagaState::later);
            case STEP_DONE -> steps.put(k, StepStatus.DONE);
            case STEP_FAILED -> {
                steps.put(k, StepStatus.FAILED);
                boolean maybe = r.detail().startsWith("maybe:");
                failureMayHaveTakenEffect.put(k, maybe);
                failedStep = k;
                failureReason = r.detail().replaceFirst("^(maybe|none):", "");
            }
            case COMPENSATION_STARTED -> compensations.merge(k, CompensationStatus.STARTED, SagaState::laterComp);
            case COMPENSATION_DONE -> compensations.put(k, CompensationStatus.DONE);
            case COMPENSATION_FAILED -> compensations.merge(k, CompensationStatus.FAILED, SagaState::laterComp);
            case MANUAL_INTERVENTION_REQUIRED -> compensations.merge(k, CompensationStatus.MANUAL_INTERVENTION_REQUIRED,
                    SagaState::laterComp);
            case FINISHED -> finished = SagaResult.Outcome.valueOf(r.detail());
            default -> throw new IllegalStateException("unknown record type " + r.type());
        }
    }

    private static StepStatus later(StepStatus old, StepStatus now) {
        return old.ordinal() >= now.ordinal() ? old : now;
    }

    private static CompensationStatus laterComp(CompensationStatus old, CompensationStatus now) {
        return old == CompensationStatus.DONE ? old : now;
    }

    public String sagaId() {
        return sagaId;
    }

    public String sagaName() {
        return sagaName;
    }

    /** Number of steps, from the STARTED record; -1 if that record is missing. */
    public int stepCount() {
        return stepCount;
    }

    public Map<String, String> input() {
        return input;
    }

    public StepStatus step(int k) {
        return steps.getOrDefault(k, StepStatus.NOT_STARTED);
    }

    public CompensationStatus compensation(int k) {
        return compensations.getOrDefault(k, CompensationStatus.NONE);
    }

    /** Whether step k's recorded failure may have had an effect (false if it did not fail). */
    public boolean failureMayHaveTakenEffect(int k) {
        return failureMayHaveTakenEffect.getOrDefault(k, false);
    }

    /** The failed step, or -1. */
    public int failedStep() {
        return failedStep;
    }

    public Optional<String> failureReason() {
        return Optional.ofNullable(failureReason);
    }

    /** Whether any compensation was logged (the saga is rolling back). */
    public boolean compensating() {
        return failedStep >= 0 || !compensations.isEmpty();
    }

    /** The outcome if a FINISHED record exists. */
    public Optional<SagaResult.Outcome> finished() {
        return Optional.ofNullable(finished);
    }

    /** Steps whose compensation needs a human. */
    public List<Integer> manualInterventionSteps() {
        List<Integer> out = new ArrayList<>();
        compensations.forEach((k, s) -> {
            if (s == CompensationStatus.MANUAL_INTERVENTION_REQUIRED) {
                out.add(k);
            }
        });
        return out;
    }

    /** This saga's records, in log order. */
    public List<SagaLogRecord> records() {
        return Collections.unmodifiableList(records);
    }

    @Override
    public String toString() {
        return "SagaState[" + sagaId + " " + sagaName + " steps=" + steps + " compensations=" + compensations
                + " finished=" + finished + "]";
    }
}
