package io.spreadflow.execution.ledger;

import io.spreadflow.schemas.ExecutionReport;

/** A report not yet confirmed on Kafka, with its place in the outbox. */
public record OutboxReport(long seq, ExecutionReport report) {
}
