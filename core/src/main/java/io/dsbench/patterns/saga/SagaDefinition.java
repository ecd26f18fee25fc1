package io.dsbench.patterns.saga;

import io.dsbench.spec.Checks;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A saga: a name and its steps in order. A recovering orchestrator finds the definition of an abandoned
 * saga by this name, so every orchestrator sharing a log must be given the same definitions.
 *
 * @param name  non-empty, without whitespace
 * @param steps at least one; names unique
 */
public record SagaDefinition(String name, List<SagaStep> steps) {
    public SagaDefinition {
        Checks.requireKey("name", name);
        if (name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("saga name '" + name + "' must not contain whitespace");
        }
        Checks.requireNonNull("steps", steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("saga '" + name + "' has no steps (legal range: >= 1 step)");
        }
        steps = List.copyOf(steps);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            String n = steps.get(i).name();
            if (!seen.add(n)) {
                throw new IllegalArgumentException("saga '" + name + "': step " + i + " has duplicate name '" + n + "'");
            }
        }
    }

    /** A definition from steps given in order. */
    public static SagaDefinition of(String name, SagaStep... steps) {
        return new SagaDefinition(name, List.of(steps));
    }
}
