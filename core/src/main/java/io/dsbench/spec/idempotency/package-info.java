/** Idempotency keys: an atomic claim, completion with a stored result, retention and abandoned-claim expiry. */
package io.dsbench.spec.idempotency;
