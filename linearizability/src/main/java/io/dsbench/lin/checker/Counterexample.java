package io.dsbench.lin.checker;

import io.dsbench.lin.model.Operation;

import java.util.List;

/**
 * Evidence that a history is not linearizable.
 *
 * @param partition      the partition key the failure was found in (null when not partitioned)
 * @param failing        the operation that cannot be placed: the search never got past its completion
 * @param prefix         one longest linearizable prefix: operations in linearization order reaching furthest
 * @param statesBefore   the (distinct, capped) model states reachable just before {@code failing} must take effect
 * @param operations     every operation of the partition (for timelines)
 */
public record Counterexample(Object partition, Operation failing, List<Operation> prefix, List<Object> statesBefore,
                             List<Operation> operations) {
}
