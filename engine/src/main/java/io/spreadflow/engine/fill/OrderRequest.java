package io.spreadflow.engine.fill;

import io.spreadflow.schemas.Side;

import java.io.Serializable;

/**
 * One order leg as a fill model sees it.
 *
 * @param venue       where
 * @param side        buy or sell
 * @param quantity    base quantity wanted, > 0
 * @param limitPrice  worst acceptable price; NaN for a market (taker) order
 */
public record OrderRequest(String venue, Side side, double quantity, double limitPrice) implements Serializable {

    public static OrderRequest market(String venue, Side side, double quantity) {
        return new OrderRequest(venue, side, quantity, Double.NaN);
    }
}
