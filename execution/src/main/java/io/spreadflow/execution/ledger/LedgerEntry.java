package io.spreadflow.execution.ledger;

import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;

import java.util.List;

/**
 * What the ledger holds for one intent id.
 *
 * @param intent      the intent as first received
 * @param fingerprint SHA-256 of its canonical form; a resend with another fingerprint reused the id
 * @param status      {@code RECEIVED} while executing, then the outcome ({@code FILLED}, {@code REJECTED}, …)
 * @param executions  how often it was executed: 0 (rejected, or not yet) or 1
 * @param reports     one per leg once done
 */
public record LedgerEntry(OrderIntent intent, String fingerprint, String status, String reason, int executions,
                          List<ExecutionReport> reports) {

    public static final String RECEIVED = "RECEIVED";

    public LedgerEntry {
        reports = List.copyOf(reports);
    }

    public boolean done() {
        return !RECEIVED.equals(status);
    }
}
