/**
 * Reading and writing histories: Knossos EDN ({@link io.dsbench.lin.format.Edn} is a small EDN reader/writer),
 * Jepsen log lines as in Porcupine's etcd test data, Porcupine's kv lines, and JSON lines.
 * {@link io.dsbench.lin.format.HistoryFormats} sniffs the format and turns files into
 * {@link io.dsbench.lin.history.History} values; malformed input raises
 * {@link io.dsbench.lin.format.HistoryFormatException} naming the file, line and what was expected.
 */
package io.dsbench.lin.format;
