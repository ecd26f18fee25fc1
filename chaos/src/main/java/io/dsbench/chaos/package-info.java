/**
 * Fault injection (kill, pause, partition, latency, clock) on real Redis and etcd clusters started by the
 * backends' launchers, with recorded histories checked by the linearizability module; Chaos Mesh manifests
 * for the same faults on Kubernetes. Filled by the chaos issue.
 */
package io.dsbench.chaos;
