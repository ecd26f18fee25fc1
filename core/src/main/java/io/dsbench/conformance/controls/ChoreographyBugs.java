package io.dsbench.conformance.controls;

import static io.dsbench.conformance.controls.PlantedBug.idempotency;
import static io.dsbench.conformance.controls.PlantedBug.log;

import io.dsbench.spec.idempotency.Claim;
import java.util.List;

/**
 * Planted bugs of the SAGA-C rules (sagas by choreography): backend defects under the event log and the services'
 * idempotency. Defects of the pattern itself (a consumer that commits before handling, a handler that is not
 * idempotent, a service that drops its compensation event, a publisher that writes a fact twice) are planted through
 * the kit's hooks in impl-inmemory's {@code SagaChoreographyKitCatchesBugsTest}.
 */
final class ChoreographyBugs {
    private ChoreographyBugs() {
    }

    private static final String FORGETS = "the idempotency store forgets completed requests";

    static List<PlantedBug> all() {
        return List.of(
                new PlantedBug("SAGA-C1", FORGETS, idempotency(s -> new Forwarding.Idempotency(s) {
                    @Override
                    public boolean complete(Claim claim, byte[] result) {
                        return d.release(claim);
                    }
                })),
                new PlantedBug("SAGA-C2", FORGETS, idempotency(s -> new Forwarding.Idempotency(s) {
                    @Override
                    public boolean complete(Claim claim, byte[] result) {
                        return d.release(claim);
                    }
                })),
                new PlantedBug("SAGA-C3", Bugs.LEX, log(Bugs::lexicographicLog)));
    }
}
