/** Lincheck model-checking and stress tests of every in-memory primitive (threads at most 3). */
package io.dsbench.inmemory.lincheck;
