/** Durable append-only log with gap-free sequence numbers (state of sagas and two-phase commit). */
package io.dsbench.spec.log;
