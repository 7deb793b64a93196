package io.spreadflow.execution.ledger;

import java.util.List;

/**
 * One page of a ledger list, oldest first: list queries return at most a page's rows, and the next page
 * starts after {@link #next()} (keyset paging: no offset to skip, rows added meanwhile are not missed).
 *
 * @param entries the page's entries
 * @param next    where the next page starts, or null when this page was the last
 */
public record LedgerPage(List<LedgerEntry> entries, Cursor next) {

    public LedgerPage {
        entries = List.copyOf(entries);
    }

    /** The sort key of the last row of a page: the time the intent was received, then its id. */
    public record Cursor(long receivedAtMs, String intentId) {}
}
