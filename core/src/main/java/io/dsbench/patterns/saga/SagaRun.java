package io.dsbench.patterns.saga;

import io.opentelemetry.api.trace.Span;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** One saga execution (original or recovery) by one orchestrator. Confined to the thread running it. */
final class SagaRun {
    final SagaDefinition def;
    final String sagaId;
    final Map<String, String> input;
    final Span root;
    final boolean recovered;
    final Set<Integer> compensated = new HashSet<>();
    /** The last log position this run has checked for other orchestrators' records of its saga. */
    long scannedTo;

    SagaRun(SagaDefinition def, String sagaId, Map<String, String> input, Span root, boolean recovered,
            long scannedTo) {
        this.def = def;
        this.sagaId = sagaId;
        this.input = input;
        this.root = root;
        this.recovered = recovered;
        this.scannedTo = scannedTo;
    }
}
