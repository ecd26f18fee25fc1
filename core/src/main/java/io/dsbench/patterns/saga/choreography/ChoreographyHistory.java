package io.dsbench.patterns.saga.choreography;

import io.dsbench.spec.Checks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A choreographed saga reconstructed from its events alone: with no orchestrator there is no saga log to read, so
 * the event log is the record of what happened. {@link #read} reads the whole log in log order and, per saga, checks
 * that the events form the causal chain the services' reactions allow and derives each step's state and the
 * saga's outcome.
 *
 * <h2>Checks (the {@link Flow#problems()})</h2>
 * Every event but STARTED names its cause; the cause must be an event of the same saga read <em>before</em> it
 * (a log that returns records out of order shows here) and the one that triggers that reaction: {@code DONE k} and
 * {@code FAILED k} follow {@code STARTED} (k = 0) or {@code DONE k-1}; {@code COMPENSATED k} follows
 * {@code FAILED k+1} or {@code COMPENSATED k+1}. A fact ({@link ChoreoEvent#id()}) stated twice is a problem too.
 *
 * <p>Outcome: {@code COMPLETED} once the last step is DONE; {@code COMPENSATED} once step 0 is FAILED or
 * COMPENSATED (every step before a failure was compensated, in reverse, by then); otherwise {@code IN_FLIGHT}.
 * Immutable.
 */
public final class ChoreographyHistory {
    /** Where a saga stands. */
    public enum Outcome { IN_FLIGHT, COMPLETED, COMPENSATED }

    /** What happened to one step, as its events say. */
    public enum StepState { NOT_RUN, DONE, FAILED, COMPENSATED }

    /**
     * One saga's events and what they say.
     *
     * @param sagaId   the saga
     * @param sagaName its definition
     * @param steps    the number of steps (from its STARTED event; -1 if that is missing)
     * @param events   its events in log order
     * @param states   each step's state (DONE then COMPENSATED is COMPENSATED)
     * @param outcome  where it stands
     * @param problems what violates the causal chain (empty for a well-formed flow)
     */
    public record Flow(String sagaId, String sagaName, int steps, List<EventLog.Delivered> events,
            List<StepState> states, Outcome outcome, List<String> problems) {
        public Flow {
            events = List.copyOf(events);
            states = List.copyOf(states);
            problems = List.copyOf(problems);
        }

        /** The events as labels, e.g. {@code [STARTED (initiator), DONE 0 (order), ...]}. */
        public List<String> chain() {
            return events.stream().map(d -> d.event().label()).toList();
        }

        /** Whether the saga reached an end (completed or compensated). */
        public boolean settled() {
            return outcome != Outcome.IN_FLIGHT;
        }
    }

    private final Map<String, Flow> flows;
    private final long lastSequence;

    private ChoreographyHistory(Map<String, Flow> flows, long lastSequence) {
        this.flows = flows;
        this.lastSequence = lastSequence;
    }

    /** Reads every event of {@code events} (in pages) and reconstructs every saga in it. */
    public static ChoreographyHistory read(EventLog events) {
        Checks.requireNonNull("events", events);
        Map<String, List<EventLog.Delivered>> bySaga = new LinkedHashMap<>();
        long next = 1;
        long last = 0;
        while (true) {
            List<EventLog.Delivered> page = events.read(next, 1000);
            if (page.isEmpty()) {
                break;
            }
            for (EventLog.Delivered d : page) {
                bySaga.computeIfAbsent(d.event().sagaId(), s -> new ArrayList<>()).add(d);
                last = Math.max(last, d.sequence());
                next = Math.max(next, d.sequence() + 1);
            }
        }
        Map<String, Flow> flows = new LinkedHashMap<>();
        bySaga.forEach((id, list) -> flows.put(id, reconstruct(id, list)));
        return new ChoreographyHistory(flows, last);
    }

    /** The saga's flow, if any event of it is in the log. */
    public Optional<Flow> flow(String sagaId) {
        return Optional.ofNullable(flows.get(sagaId));
    }

    /** Every saga, in the order of its first event. */
    public Map<String, Flow> flows() {
        return java.util.Collections.unmodifiableMap(flows);
    }

    /** The highest sequence number read. */
    public long lastSequence() {
        return lastSequence;
    }

    private static Flow reconstruct(String sagaId, List<EventLog.Delivered> events) {
        List<String> problems = new ArrayList<>();
        Map<Long, ChoreoEvent> seen = new HashMap<>();
        Map<String, Long> facts = new HashMap<>();
        int steps = -1;
        String name = events.get(0).event().sagaName();
        for (EventLog.Delivered d : events) {
            ChoreoEvent e = d.event();
            Long earlier = facts.putIfAbsent(e.id(), d.sequence());
            if (earlier != null) {
                problems.add("event " + d.sequence() + " " + e.label() + " states " + e.id() + " again (first: event "
                        + earlier + ")");
            }
            if (e.kind() == ChoreoEvent.Kind.STARTED) {
                steps = parseSteps(e.detail());
            } else {
                ChoreoEvent cause = seen.get(e.cause());
                if (cause == null) {
                    problems.add("event " + d.sequence() + " " + e.label() + " was read before its cause, event "
                            + e.cause() + " (or its cause is not of this saga)");
                } else if (!triggers(cause, e)) {
                    problems.add("event " + d.sequence() + " " + e.label() + " cannot follow its cause, event "
                            + e.cause() + " " + cause.label());
                }
            }
            seen.put(d.sequence(), e);
        }
        if (steps < 0) {
            problems.add("no STARTED event");
        }
        List<StepState> states = new ArrayList<>();
        for (int k = 0; k < Math.max(steps, 0); k++) {
            states.add(StepState.NOT_RUN);
        }
        Outcome outcome = Outcome.IN_FLIGHT;
        for (EventLog.Delivered d : events) {
            ChoreoEvent e = d.event();
            if (e.step() < 0 || e.step() >= states.size()) {
                continue;
            }
            StepState s = switch (e.kind()) {
                case DONE -> StepState.DONE;
                case FAILED -> StepState.FAILED;
                default -> StepState.COMPENSATED;
            };
            states.set(e.step(), s);
            if (e.kind() == ChoreoEvent.Kind.DONE && e.step() == steps - 1) {
                outcome = Outcome.COMPLETED;
            } else if (e.step() == 0 && e.kind() != ChoreoEvent.Kind.DONE) {
                outcome = Outcome.COMPENSATED;
            }
        }
        return new Flow(sagaId, name, steps, events, states, outcome, problems);
    }

    /** Whether {@code cause} is an event that {@code e}'s service reacts to with {@code e}. */
    private static boolean triggers(ChoreoEvent cause, ChoreoEvent e) {
        int k = e.step();
        return switch (e.kind()) {
            case DONE, FAILED -> k == 0 ? cause.kind() == ChoreoEvent.Kind.STARTED
                    : cause.kind() == ChoreoEvent.Kind.DONE && cause.step() == k - 1;
            case COMPENSATED -> (cause.kind() == ChoreoEvent.Kind.FAILED || cause.kind() == ChoreoEvent.Kind.COMPENSATED)
                    && cause.step() == k + 1;
            default -> false;
        };
    }

    private static int parseSteps(String detail) {
        if (detail.startsWith("steps=")) {
            try {
                return Integer.parseInt(detail.substring("steps=".length()));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }
}
