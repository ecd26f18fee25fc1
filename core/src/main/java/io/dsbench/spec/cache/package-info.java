/** Cache store: get and put with a per-entry TTL, invalidate. */
package io.dsbench.spec.cache;
