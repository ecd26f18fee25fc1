/**
 * The {@code etcd} backend over jetcd ({@link io.dsbench.etcd.EtcdBackendProvider}, {@link
 * io.dsbench.etcd.EtcdBackend}) and a launcher for real etcd clusters of 1, 3 or 5 members on loopback
 * ({@link io.dsbench.etcd.EtcdCluster}) with kill / restart / pause / resume per member.
 *
 * <p>Every primitive uses etcd's own mechanisms: versions and fencing tokens are revisions (global, strictly
 * increasing), compare-and-set and claims are transactions on {@code mod_revision} / {@code create_revision},
 * expiry is leases (enforced by the leader's clock), watches feed registry events. Consistency scope: each
 * single-key operation is linearizable (with the default linearizable reads); nothing spans keys except the
 * durable log's counter-plus-record transaction.
 */
package io.dsbench.etcd;
