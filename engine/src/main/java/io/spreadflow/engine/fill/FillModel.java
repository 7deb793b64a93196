package io.spreadflow.engine.fill;

import io.spreadflow.engine.market.Quote;

/**
 * Decides how an order fills against a venue's book. Pure: no state, the same order and book always
 * give the same fill. Used by the in-job backtest execution and by the execution service's paper
 * trading, so it knows nothing of the engine.
 */
public interface FillModel {

    /**
     * Fills {@code order} against {@code book} (the venue's top of book at or after the decision time
     * plus latency).
     */
    Fill fill(OrderRequest order, Quote book);
}
