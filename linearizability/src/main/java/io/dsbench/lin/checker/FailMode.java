package io.dsbench.lin.checker;

/** How {@code :fail} completions are read; see the package documentation. */
public enum FailMode {
    /** Knossos: a failed op did not happen and is dropped. */
    DROP,
    /** Porcupine's etcd logs: a failed op is an observed result, unless it carries an error (then unknown). */
    OBSERVED
}
