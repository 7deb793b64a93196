package io.spreadflow.execution;

import io.spreadflow.schemas.ExecutionReport;

import java.util.List;

/**
 * What the service answers for one intent.
 *
 * @param status    {@code RECEIVED} while still executing, else FILLED / PARTIALLY_FILLED / CANCELED / REJECTED
 * @param reason    why it was rejected or not completely filled; null when filled
 * @param duplicate the ledger already held this id: this is the stored result, nothing was executed now
 * @param conflict  a duplicate whose content differs from the stored intent (the stored one stands)
 * @param reports   one per leg once done
 */
public record IntentResult(String intentId, String status, String reason, boolean duplicate, boolean conflict,
                           List<ExecutionReport> reports) {

    public IntentResult {
        reports = List.copyOf(reports);
    }

    IntentResult asDuplicate(boolean conflicting) {
        return new IntentResult(intentId, status, reason, true, conflicting, reports);
    }
}
