/**
 * Evidence for people: a self-contained HTML timeline ({@link io.dsbench.lin.report.TimelineHtml}) with processes
 * as rows and operations as bars, the operation that cannot be placed marked and the model states reachable just
 * before it shown on hover; and plain-text / JSON summaries of a result ({@link io.dsbench.lin.report.Summaries}).
 */
package io.dsbench.lin.report;
