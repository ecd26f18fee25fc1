/**
 * The conformance kit's linearizability rules (LIN-KV, LIN-LOCK, LIN-IDEM): concurrent workloads against a
 * backend's primitives, recorded as Jepsen histories and checked with this module's checker. A backend runs them by
 * extending {@link io.dsbench.lin.kit.LinearizabilityVerification}; each rule needs the matching capability.
 */
package io.dsbench.lin.kit;
