package io.spreadflow.execution.ledger;

import io.spreadflow.execution.risk.RiskCheck;
import io.spreadflow.schemas.ExecutionReport;

import java.util.List;

/** What {@link IntentLedger#decide} did with a new intent, and why when it refused. */
public record LedgerDecision(LedgerDecision.Outcome outcome, RiskCheck.Refusal refusal, List<ExecutionReport> reports) {

    /** How {@link IntentLedger#decide} ended. */
    public enum Outcome {
        /** Recorded as RECEIVED: execute it. */
        ACCEPTED,
        /** Recorded as REJECTED with its reports. */
        REJECTED,
        /** The id was already in the ledger: nothing changed. */
        KNOWN
    }

    public LedgerDecision {
        reports = List.copyOf(reports);
    }
}
