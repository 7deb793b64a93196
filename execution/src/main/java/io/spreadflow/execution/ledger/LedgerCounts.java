package io.spreadflow.execution.ledger;

/** Sizes of the ledger, for tests and metrics: intents held, reports held, executions performed. */
public record LedgerCounts(long intents, long reports, long executions) {
}
