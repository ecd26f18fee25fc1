/**
 * Crash injection for the coordinators (saga orchestrator, 2PC coordinator): a {@link
 * io.dsbench.patterns.faults.CrashHook} is called at every boundary between externally visible actions
 * (a log append, a call to a participant) and may throw {@link io.dsbench.patterns.faults.SimulatedCrash}
 * to abandon the coordinator there, as a process crash would. Rules SAGA-4, TPC-3 and TPC-4 enumerate the
 * boundaries and crash at each one.
 */
package io.dsbench.patterns.faults;
