/** Service registry: TTL registrations kept alive by heartbeats, discovery of healthy instances, watches. */
package io.dsbench.spec.registry;
