package io.spreadflow.execution.ledger;

/**
 * One arrival of an intent at the service, as the ledger recorded it before acting on it.
 *
 * @param seq          the ledger's order of arrival
 * @param fingerprint  SHA-256 of the arrived intent's canonical form
 * @param verdict      what the ledger held for the id on arrival
 */
public record Receipt(long seq, String intentId, String fingerprint, Verdict verdict, long receivedAtMs) {

    /** What the ledger held for an arriving intent's id. */
    public enum Verdict {
        /** The id was unknown. */
        NEW,
        /** The id was stored with the same content: a re-send. */
        DUPLICATE,
        /** The id was stored with other content: the stored intent stands, the sender gets 409. */
        CONFLICT,
        /** The id was stored but not completed (the service stopped while executing it): completed now. */
        RESUMED
    }
}
