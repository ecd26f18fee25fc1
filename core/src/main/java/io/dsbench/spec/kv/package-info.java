/** Versioned key-value store: get, put, compare-and-set on version, delete. */
package io.dsbench.spec.kv;
