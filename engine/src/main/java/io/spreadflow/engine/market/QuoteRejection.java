package io.spreadflow.engine.market;

/** Why a tick was refused. {@link #describe} turns it into the dead-letter reason. */
public enum QuoteRejection {
    WRONG_INSTRUMENT("tick belongs to another instrument"),
    UNKNOWN_VENUE("venue is not configured for this strategy"),
    NON_FINITE_PRICE("price is not a finite number"),
    NON_POSITIVE_PRICE("price is not positive"),
    CROSSED_BOOK("bid above ask"),
    NEGATIVE_QUANTITY("quantity is negative or not a number"),
    TIME_OUT_OF_RANGE("timestamp far outside the stream's time"),
    OUT_OF_ORDER("timestamp older than the venue's latest quote"),
    LATE_FOR_BAR("tick belongs to a bar that already closed");

    private final String text;

    QuoteRejection(String text) {
        this.text = text;
    }

    /** The fixed part of the reason, e.g. {@code bid above ask}. */
    public String text() {
        return text;
    }

    /** The full reason: the fixed text plus the offending values. */
    public String describe(String venue, double bid, double bidQty, double ask, double askQty, long tsUs, long streamTimeUs) {
        String detail = switch (this) {
            case WRONG_INSTRUMENT, UNKNOWN_VENUE -> "venue=" + venue;
            case NON_FINITE_PRICE, NON_POSITIVE_PRICE, CROSSED_BOOK -> "bid=" + bid + " ask=" + ask;
            case NEGATIVE_QUANTITY -> "bidQty=" + bidQty + " askQty=" + askQty;
            case TIME_OUT_OF_RANGE, OUT_OF_ORDER, LATE_FOR_BAR -> "ts=" + tsUs + " streamTime=" + streamTimeUs;
        };
        return name() + ": " + text + " (" + detail + ")";
    }
}
