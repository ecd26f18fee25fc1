/**
 * Sequential specifications ("models") the checker linearizes against. Every model is pure and immutable; its
 * states are immutable values with {@code equals}/{@code hashCode} (the checker memoizes on them). A model's
 * {@link io.dsbench.lin.model.Model#step} returns the next state or {@link io.dsbench.lin.model.Model#INCONSISTENT}.
 * {@link io.dsbench.lin.model.Models} finds models by name.
 */
package io.dsbench.lin.model;
