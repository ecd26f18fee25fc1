/**
 * Turns result files ({@code results/<run-id>/conformance.json}, histories, JMH JSON, .hlog) into one
 * self-contained HTML report plus JSON and Markdown. Reads files only; never re-runs anything. Filled by
 * the reports issue.
 */
package io.dsbench.reports;
