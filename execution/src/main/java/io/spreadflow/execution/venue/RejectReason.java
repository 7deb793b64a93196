package io.spreadflow.execution.venue;

/**
 * Why a venue (or the adapter, before sending) refused a leg. The code leads the report's reason, so
 * consumers can group rejections without parsing each venue's wording.
 */
public enum RejectReason {
    INSUFFICIENT_BALANCE("insufficient_balance"),
    INVALID_SYMBOL("invalid_symbol"),
    PRICE_OUT_OF_BAND("price_out_of_band"),
    REDUCE_ONLY_WOULD_INCREASE("reduce_only_would_increase"),
    /** The leg does not meet the symbol's tick, lot or notional rules. */
    SYMBOL_RULES("symbol_rules"),
    RATE_LIMITED("rate_limited"),
    AUTHENTICATION("authentication"),
    /** Dry-run mode: the request was signed and logged, not sent. */
    DRY_RUN("dry_run"),
    /** The venue has no order with that id (a lookup's answer, not a leg's outcome). */
    UNKNOWN_ORDER("unknown_order"),
    OTHER("venue_rejected");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
