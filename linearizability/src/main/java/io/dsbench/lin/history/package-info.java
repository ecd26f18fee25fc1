/**
 * Histories as Jepsen records them: an ordered, immutable sequence of {@link io.dsbench.lin.history.Op}s of type
 * invoke / ok / fail / info, and a thread-safe {@link io.dsbench.lin.history.HistoryRecorder} for live clients.
 * Values are EDN-like data: {@code Long}, {@code String}, {@link io.dsbench.lin.history.Keyword}, {@code Boolean},
 * {@code List}, {@code Map}, {@code Set} and {@code null}.
 */
package io.dsbench.lin.history;
