/**
 * The specification: one interface per storage-like primitive, with configs and value types.
 *
 * <p>Every interface here is backend-agnostic. Its javadoc states the sequential semantics, the
 * thread-safety contract, the exceptions and the consistency scope that a backend promises by
 * implementing it. The conformance kit ({@code io.dsbench.conformance}) checks those promises rule by
 * rule. Only JDK types appear in these APIs.
 *
 * <p>Errors: argument errors are {@link java.lang.IllegalArgumentException} naming the argument;
 * failures of the backend itself (server down, timeout, authentication) are
 * {@link io.dsbench.spec.BackendException}, which says whether the operation may have taken effect.
 */
package io.dsbench.spec;
