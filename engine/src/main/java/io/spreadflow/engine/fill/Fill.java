package io.spreadflow.engine.fill;

import java.math.BigDecimal;

/**
 * What a fill model did with an order against one book.
 *
 * @param status    filled in full, in part (the rest is not filled), or not at all
 * @param quantity  base quantity filled
 * @param price     fill price (NaN when nothing filled)
 * @param fee       fee charged in quote currency
 * @param reason    why the order did not fill in full; empty when it did
 */
public record Fill(Status status, double quantity, double price, BigDecimal fee, String reason) {

    /** How much of the order filled. */
    public enum Status { FILLED, PARTIAL, NONE }

    public static Fill none(String reason) {
        return new Fill(Status.NONE, 0, Double.NaN, BigDecimal.ZERO, reason);
    }
}
