package io.spreadflow.engine.strategy;

import java.io.Serializable;

/**
 * The size of a new position: every leg trades {@code baseQuantity}; {@code quoteNotional} is what it
 * is worth at the reference price of the first leg (for risk limits).
 */
public record PositionSize(double baseQuantity, double quoteNotional) implements Serializable {

    public PositionSize {
        if (!(baseQuantity > 0) || !Double.isFinite(baseQuantity)) {
            throw new IllegalArgumentException("position quantity must be a positive number, got " + baseQuantity);
        }
    }

    /** The quantity that {@code notional} buys at {@code price}. */
    public static PositionSize ofNotional(double notional, double price) {
        return new PositionSize(notional / price, notional);
    }
}
