package io.spreadflow.engine.signal;

import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.Side;

import java.math.BigDecimal;

/**
 * One order leg the framework sent for a position, and what came back for it. Execution reports are
 * cumulative per leg (filled quantity, average price and fee so far), so a report that arrives twice
 * changes nothing.
 */
public final class LegRecord {

    /** Where a leg stands. */
    public enum Status { WORKING, FILLED, PARTIAL_DONE, REJECTED, TIMED_OUT }

    final String intentId;
    final int legIndex;
    final IntentPurpose purpose;
    final String venue;
    final Side side;
    final double quantity;
    final long deadlineUs;
    double filled;
    BigDecimal notional = BigDecimal.ZERO;
    BigDecimal fee = BigDecimal.ZERO;
    Status status = Status.WORKING;
    /** Whether the leg's outcome (a report other than PARTIALLY_FILLED) was applied. */
    boolean reported;

    LegRecord(String intentId, int legIndex, IntentPurpose purpose, String venue, Side side, double quantity, long deadlineUs) {
        this.intentId = intentId;
        this.legIndex = legIndex;
        this.purpose = purpose;
        this.venue = venue;
        this.side = side;
        this.quantity = quantity;
        this.deadlineUs = deadlineUs;
    }

    public boolean working() {
        return status == Status.WORKING;
    }

    public String intentId() {
        return intentId;
    }

    public int legIndex() {
        return legIndex;
    }

    public String venue() {
        return venue;
    }

    public Side side() {
        return side;
    }

    public double quantity() {
        return quantity;
    }

    public double filled() {
        return filled;
    }

    public Status status() {
        return status;
    }

    /** Filled quantity with sign: + for buys, − for sells. */
    double signedFilled() {
        return side == Side.BUY ? filled : -filled;
    }
}
