/** Distributed locks with leases and fencing tokens, and a resource that enforces the tokens. */
package io.dsbench.spec.lock;
