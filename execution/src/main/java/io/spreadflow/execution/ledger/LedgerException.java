package io.spreadflow.execution.ledger;

/** The ledger's database failed; the caller gets a 5xx, never a silent loss. */
public final class LedgerException extends RuntimeException {
    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
